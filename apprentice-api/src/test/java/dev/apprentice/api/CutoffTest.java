package dev.apprentice.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CutoffTest {

  private final Cutoff cutoff = new Cutoff();
  private final List<String> cut = new ArrayList<>();

  @Test
  void cuttingCutsEverythingGuardedOnce() {
    cutoff.guard(() -> cut.add("body"));
    cutoff.guard(() -> cut.add("stream"));

    cutoff.cut();
    cutoff.cut();

    assertThat(cut).containsExactly("body", "stream");
    assertThat(cutoff.isCut()).isTrue();
  }

  @Test
  void whatIsGuardedAfterTheCutIsCutAtOnce() {
    cutoff.cut();

    cutoff.guard(() -> cut.add("body"));

    assertThat(cut).containsExactly("body");
  }

  @Test
  void nothingIsCutUntilTheAttemptIsCutOff() {
    cutoff.guard(() -> cut.add("body"));

    assertThat(cut).isEmpty();
    assertThat(cutoff.isCut()).isFalse();
  }
}
