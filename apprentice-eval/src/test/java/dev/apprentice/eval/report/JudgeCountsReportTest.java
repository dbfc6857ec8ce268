package dev.apprentice.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.eval.metric.EvalMetrics;
import dev.apprentice.eval.metric.MetricRegistry;
import dev.apprentice.eval.run.EvalRunner;
import dev.apprentice.eval.run.FakeChatClient;
import dev.apprentice.eval.run.Items;
import dev.apprentice.eval.run.MemoryRunStore;
import dev.apprentice.eval.run.Progress;
import dev.apprentice.eval.run.RunControl;
import dev.apprentice.eval.run.RunMetrics;
import dev.apprentice.eval.run.RunOutcome;
import dev.apprentice.eval.suite.Suite;
import dev.apprentice.eval.suite.SuiteParser;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * The report counts a judge's failed calls apart from its unparsed answers. The failing judge answers on one item: a
 * judge that answers on none fails the run, its items stored as failed ({@code JudgeThatNeverAnsweredTest}).
 */
class JudgeCountsReportTest {

  private static final String SUITE = """
      name: judged
      dataset: { path: items.csv }
      variants:
        - { name: small, model: small }
      metrics:
        - { name: accuracy }
        - { name: absent, metric: llm_judge, settings: { model: no-such-judge, samples: 2 } }
        - { name: vague, metric: llm_judge, settings: { model: vague-judge } }
      pilot_items: 0
      resamples: 200
      """;

  @Test
  void failedJudgeCallsAndUnparsedAnswersAreCountedApartInEveryFormat() throws Exception {
    FakeChatClient client = new FakeChatClient(r -> switch (r.model()) {
      case "no-such-judge" -> r.messages().stream().anyMatch(m -> m.text().contains("question 5")) ? "4" : null;
      case "vague-judge" -> "it depends";
      default -> r.messages().getLast().text();
    }, 0);
    MetricRegistry registry = EvalMetrics.registry(null, client);
    Suite suite = SuiteParser.parse(SUITE);
    MemoryRunStore store = new MemoryRunStore();
    RunOutcome outcome = new EvalRunner(client, store, registry, Clock.systemUTC())
        .run(suite, SUITE, Items.labelled(6), null, Progress.NONE, new RunControl());

    RunReport report = new EvaluatedRun(outcome.run(), suite, RunMetrics.of(suite, registry),
        store.items(outcome.run().id())).report();

    MetricResult absent = report.variant("small").metrics().get("absent");
    MetricResult vague = report.variant("small").metrics().get("vague");
    assertThat(absent.callsFailed()).isEqualTo(10);
    assertThat(absent.unparsed()).isZero();
    assertThat(vague.callsFailed()).isZero();
    assertThat(vague.unparsed()).isEqualTo(6);
    assertThat(MarkdownReport.render(report)).contains("(10 judge calls failed)").contains("(6 answers unparsed)");
    assertThat(HtmlReport.render(report)).contains("<br>10 judge calls failed").contains("<br>6 answers unparsed");
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(JsonReport.render(report));
    assertThat(json.at("/variants/0/metrics/absent/calls_failed").asInt()).isEqualTo(10);
    assertThat(json.at("/variants/0/metrics/vague/unparsed").asInt()).isEqualTo(6);
    assertThat(store.items(outcome.run().id()).getFirst().metrics().get("absent").note())
        .startsWith("2 of 2 judge calls failed (upstream_error: ");
  }
}
