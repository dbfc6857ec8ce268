package dev.apprentice.eval.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A status is read from its label exactly, the one form the store writes and matches. */
class RunStatusTest {

  @Test
  void everyLabelNamesItsStatus() {
    for (RunStatus status : RunStatus.values()) assertThat(RunStatus.of(status.label())).isEqualTo(status);
  }

  @Test
  void anotherCaseOrSpellingNamesNoStatus() {
    for (String other : new String[] {"Completed", "COMPLETED", "budget-exhausted", "done", ""}) {
      assertThatThrownBy(() -> RunStatus.of(other)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("'" + other + "' is no evaluation run status (one of running, completed, interrupted,"
              + " budget_exhausted, refused, failed)");
    }
  }
}
