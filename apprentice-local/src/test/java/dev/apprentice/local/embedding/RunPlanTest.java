package dev.apprentice.local.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RunPlanTest {

  private static List<Tokens> lengths(int... lengths) {
    return Arrays.stream(lengths).mapToObj(length -> new Tokens(new long[length], false)).toList();
  }

  private static List<Integer> sizes(List<int[]> runs) {
    return runs.stream().map(run -> run.length).toList();
  }

  @Test
  void whenRunsAreExpensiveTheBatchIsOneRunSortedByLength() {
    List<int[]> runs = RunPlan.of(lengths(9, 3, 256, 3, 5), 10_000, 1_000_000);

    assertThat(runs).hasSize(1);
    assertThat(runs.getFirst()).containsExactly(1, 3, 4, 0, 2);
  }

  @Test
  void whenRunsAreFreeNoTextIsPadded() {
    List<int[]> runs = RunPlan.of(lengths(9, 3, 256, 3, 5), 10_000, 0);

    assertThat(sizes(runs)).containsExactly(2, 1, 1, 1);
    assertThat(runs.getFirst()).containsExactlyInAnyOrder(1, 3);
  }

  @Test
  void shortTextsAreNotPaddedToALongOnesLength() {
    List<int[]> runs = RunPlan.of(lengths(10, 256, 11, 12), 10_000, 64);

    assertThat(sizes(runs)).containsExactly(3, 1);
    assertThat(runs.get(1)).containsExactly(1);
  }

  @Test
  void textsOfSimilarLengthShareARun() {
    assertThat(sizes(RunPlan.of(lengths(12, 14, 13, 15, 16, 12), 10_000, 64))).containsExactly(6);
  }

  @Test
  void noRunExceedsItsPaddedTokenBudgetAndEveryTextIsInOneRun() {
    List<int[]> runs = RunPlan.of(lengths(256, 256, 256, 10, 256, 256), 512, 1_000_000);

    assertThat(runs).allSatisfy(run -> assertThat(run.length).isLessThanOrEqualTo(2));
    int[] all = runs.stream().flatMapToInt(Arrays::stream).sorted().toArray();
    assertThat(all).containsExactly(IntStream.range(0, 6).toArray());
  }

  @Test
  void aSingleTextLongerThanTheBudgetStillGetsARun() {
    assertThat(RunPlan.of(lengths(300), 256, 64)).hasSize(1);
  }
}
