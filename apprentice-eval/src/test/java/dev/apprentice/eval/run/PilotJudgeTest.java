package dev.apprentice.eval.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.eval.metric.EvalMetrics;
import dev.apprentice.eval.suite.Suite;
import dev.apprentice.eval.suite.SuiteParser;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The pilot stops a run whose LLM judge never answers (a judge model the server does not know, a key that may not
 * call it), as it stops one whose item calls all fail: the rest would pay for answers no judge scores. A run without
 * a pilot makes the same check at its end ({@link JudgeThatNeverAnsweredTest}).
 */
class PilotJudgeTest {

  private static final String SUITE = """
      name: judged
      dataset: { path: items.csv }
      variants:
        - { name: weak, model: small, prompt: "{{input}}" }
        - { name: strong, model: large, prompt: "{{category}}" }
      metrics:
        - { name: accuracy, threshold: 1 }
        - { name: quality, metric: llm_judge, settings: { model: judge, samples: 2 } }
      concurrency: 2
      pilot_items: 2
      """;

  private final MemoryRunStore store = new MemoryRunStore();

  private RunOutcome run(FakeChatClient client, String resume) {
    Suite suite = SuiteParser.parse(SUITE);
    return new EvalRunner(client, store, EvalMetrics.registry(null, client), Clock.systemUTC())
        .run(suite, SUITE, Items.labelled(10), resume, Progress.NONE, new RunControl());
  }

  /** Answers the variants' calls with their prompt, and the judge's with {@code judge} ({@code null}: fails). */
  private static FakeChatClient judging(java.util.function.Supplier<String> judge) {
    return new FakeChatClient(r -> r.model().equals("judge") ? judge.get() : r.messages().getLast().text(), 0.001);
  }

  @Test
  void aRunWhoseJudgeCallsAllFailOnThePilotStopsFailedWithTheJudgesErrorAndItsResumeScoresThosePilotItemsAgain() {
    FakeChatClient noJudge = judging(() -> null);

    RunOutcome failed = run(noJudge, null);

    assertThat(failed.run().status()).isEqualTo(RunStatus.FAILED);
    assertThat(store.run(failed.run().id()).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
    assertThat(noJudge.calls()).as("4 pilot items, 2 judge samples each").isEqualTo(4 + 8);
    assertThat(failed.message()).isEqualTo("failed: every judge call of metric 'quality' failed on the 4 pilot "
        + "items it scored");
    assertThat(failed.failed()).isEqualTo(4);
    assertThat(failed.failedJudge()).isEqualTo("quality");
    assertThat(failed.pilotFailure()).satisfies(first -> {
      assertThat(first.variant()).isEqualTo("weak");
      assertThat(first.itemIndex()).isZero();
      assertThat(first.error()).isEqualTo("metric quality (llm_judge): 2 of 2 judge calls failed (upstream_error: "
          + "the upstream failed)");
    });
    assertThat(store.items(failed.run().id())).hasSize(4).allSatisfy(r -> {
      assertThat(r.succeeded()).isFalse();
      assertThat(r.output()).as("the answer is kept").isNotEmpty();
      assertThat(r.costUsd()).isPositive();
    });

    FakeChatClient fixed = judging(() -> "4");
    RunOutcome resumed = run(fixed, failed.run().id());

    assertThat(resumed.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(store.items(failed.run().id())).hasSize(20).allSatisfy(r -> {
      assertThat(r.succeeded()).isTrue();
      assertThat(r.metrics().get("quality").value()).isEqualTo(0.75);
    });
  }

  @Test
  void oneJudgeAnswerOnThePilotIsEnoughToGoOn() {
    AtomicInteger judged = new AtomicInteger();
    FakeChatClient oneAnswer = judging(() -> judged.incrementAndGet() == 5 ? "4" : null);

    RunOutcome outcome = run(oneAnswer, null);

    assertThat(outcome.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(outcome.pilotFailure()).isNull();
    assertThat(store.items(outcome.run().id())).hasSize(20).allSatisfy(r -> assertThat(r.succeeded()).isTrue());
  }
}
