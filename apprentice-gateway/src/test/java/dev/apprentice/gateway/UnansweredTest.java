package dev.apprentice.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnansweredTest {

  @Test
  void everyCallWhoseDeadlinePassedSaysSoInTheSameWords() {
    String said = "model 'docs' did not answer within 1500 ms";

    assertThat(Unanswered.within("docs", Duration.ofMillis(1_500))).isEqualTo(said);
    assertThat(RouteFailures.timeout("docs", Duration.ofMillis(1_500), List.of()).getMessage())
        .isEqualTo(said + "; attempts: ");
    assertThat(LocalWait.timedOut("docs", Duration.ofMillis(1_500), "retrieval from collection 'kb'").getMessage())
        .isEqualTo(said + ": retrieval from collection 'kb' did not finish in that time (it waited for the local"
            + " embedding model); nothing was sent upstream");
  }
}
