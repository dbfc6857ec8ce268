package dev.apprentice.eval.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.eval.metric.EvalMetrics;
import dev.apprentice.eval.suite.SuiteParser;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A run without a pilot ({@code pilot_items: 0}) has no early check that its LLM judge answers: at its end, a judge
 * metric none of whose calls answered over the whole run fails it as the pilot's judge check would, rather than
 * ending it completed, exit 0, with that metric measuring nothing; its items are stored as failed, so that a resume
 * scores them again.
 */
class JudgeThatNeverAnsweredTest {

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
      pilot_items: 0
      """;

  private final MemoryRunStore store = new MemoryRunStore();

  private RunOutcome run(FakeChatClient client, String resume) {
    return new EvalRunner(client, store, EvalMetrics.registry(null, client), Clock.systemUTC())
        .run(SuiteParser.parse(SUITE), SUITE, Items.labelled(10), resume, Progress.NONE, new RunControl());
  }

  /** Answers the variants' calls with their prompt, and the judge's with {@code judge} ({@code null}: fails). */
  private static FakeChatClient judging(Supplier<String> judge) {
    return new FakeChatClient(r -> r.model().equals("judge") ? judge.get() : r.messages().getLast().text(), 0.001);
  }

  @Test
  void aRunWithoutAPilotWhoseJudgeNeverAnsweredRunsEveryItemThenEndsFailedWithTheJudgesFirstError() {
    FakeChatClient noJudge = judging(() -> null);

    RunOutcome failed = run(noJudge, null);

    assertThat(noJudge.calls()).as("20 items, 2 judge samples each").isEqualTo(20 + 40);
    assertThat(failed.run().status()).isEqualTo(RunStatus.FAILED);
    assertThat(store.run(failed.run().id()).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.message()).isEqualTo("failed: every judge call of metric 'quality' failed on the 20 items it"
        + " scored");
    assertThat(failed.failed()).isEqualTo(20);
    assertThat(failed.failedJudge()).isEqualTo("quality");
    assertThat(failed.pilotFailure()).satisfies(first -> {
      assertThat(first.variant()).isEqualTo("weak");
      assertThat(first.itemIndex()).isZero();
      assertThat(first.error()).isEqualTo("metric quality (llm_judge): 2 of 2 judge calls failed (upstream_error: "
          + "the upstream failed)");
    });
    assertThat(store.items(failed.run().id())).hasSize(20).allSatisfy(r -> {
      assertThat(r.succeeded()).isFalse();
      assertThat(r.output()).as("the answer is kept").isNotEmpty();
      assertThat(r.costUsd()).isPositive();
    });
  }

  @Test
  void theResumeOfSuchARunScoresEveryItemAgainAndCompletesOnceTheJudgeAnswers() {
    RunOutcome failed = run(judging(() -> null), null);
    FakeChatClient fixed = judging(() -> "4");

    RunOutcome resumed = run(fixed, failed.run().id());

    assertThat(resumed.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(resumed.skipped()).isZero();
    assertThat(store.items(failed.run().id())).hasSize(20).allSatisfy(r -> {
      assertThat(r.succeeded()).isTrue();
      assertThat(r.metrics().get("quality").value()).isEqualTo(0.75);
    });
  }

  @Test
  void oneJudgeAnswerOverTheWholeRunIsEnoughForItToComplete() {
    AtomicInteger judged = new AtomicInteger();
    FakeChatClient lastAnswers = judging(() -> judged.incrementAndGet() == 40 ? "4" : null);

    RunOutcome outcome = run(lastAnswers, null);

    assertThat(outcome.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(outcome.pilotFailure()).isNull();
    assertThat(store.items(outcome.run().id())).hasSize(20).allSatisfy(r -> assertThat(r.succeeded()).isTrue());
  }
}
