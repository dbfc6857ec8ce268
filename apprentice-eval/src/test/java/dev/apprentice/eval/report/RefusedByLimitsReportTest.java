package dev.apprentice.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apprentice.eval.client.ChatClient;
import dev.apprentice.eval.client.ChatFailure;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Items the gateway refused for the key's or tenant's budget or rate limit were not run: the report counts them apart
 * from the failed items, leaves them out of pass rates, and the gate says them apart, so that a spent budget reads
 * neither as the model failing nor as a bad dataset.
 */
class RefusedByLimitsReportTest {

  private static final String SUITE = """
      name: intents
      dataset: { path: items.csv }
      variants:
        - { name: weak, model: weak, prompt: "{{category}} {{input}}" }
        - { name: strong, model: strong, prompt: "{{category}} {{input}}" }
      metrics:
        - { name: accuracy, threshold: 1, weight: 1 }
      concurrency: 4
      pilot_items: 0
      resamples: 200
      """;

  private final MemoryRunStore store = new MemoryRunStore();
  private EvaluatedRun run;

  /**
   * Every answer is right, but strong's calls of items 0-9 are refused for a budget, of items 10-14 for a rate limit,
   * and of items 15-19 fail upstream.
   */
  @BeforeEach
  void runWithRefusals() {
    FakeChatClient right = new FakeChatClient(r -> r.messages().getLast().text().split(" ")[0],
        r -> r.model().equals("strong") ? 0.004 : 0.001);
    ChatClient client = (request, tags) -> {
      int item = Integer.parseInt(request.messages().getLast().text().split(" ")[2]);
      if (!request.model().equals("strong") || item >= 20) return right.complete(request, tags);
      if (item < 10) throw new ChatFailure("budget_exceeded", "the daily budget of tenant 'lab' is spent", null, 429);
      if (item < 15) throw new ChatFailure("rate_limit_exceeded", "Rate limit exceeded: key k1", null, 429);
      throw new ChatFailure("upstream_error", "the provider answered 500", null, 502);
    };
    Suite suite = SuiteParser.parse(SUITE);
    RunOutcome outcome = new EvalRunner(client, store, MetricRegistry.standard(), Clock.systemUTC())
        .run(suite, SUITE, Items.labelled(100), null, Progress.NONE, new RunControl());
    assertThat(outcome.failed()).isEqualTo(5);
    assertThat(outcome.refusedByLimits()).isEqualTo(15);
    run = new EvaluatedRun(outcome.run(), suite, RunMetrics.of(suite, MetricRegistry.standard()),
        store.items(outcome.run().id()));
  }

  @Test
  void theReportCountsItemsRefusedByLimitsApartFromErrorsAndLeavesThemOutOfThePassRate() {
    VariantResult strong = run.report().variant("strong");

    assertThat(strong.items()).isEqualTo(100);
    assertThat(strong.errors()).as("the upstream failures only").isEqualTo(5);
    assertThat(strong.refusedByLimits()).as("the budget's and the rate limit's refusals").isEqualTo(15);
    assertThat(strong.metrics().get("accuracy").passRate()).as("80 right of the 85 items run")
        .isEqualTo(80 / 85.0);
    assertThat(run.report().variant("weak").refusedByLimits()).isZero();
  }

  @Test
  void theMarkdownAndHtmlTablesHaveARefusedColumnAndSayWhatItAndTheCostColumnCount() {
    String md = MarkdownReport.render(run.report());
    String html = HtmlReport.render(run.report());

    assertThat(md.lines().filter(l -> l.startsWith("| strong ")).findFirst().orElseThrow()).endsWith("| 5 | 15 |");
    assertThat(md).contains("refused (limits): items the gateway refused for the key's or tenant's budget or rate"
        + " limit, so not run").contains("cost / 1k req: what 1,000 successful item calls cost, in USD");
    assertThat(html).contains("<th>errors</th><th>refused (limits)</th>")
        .contains("<td class=\"num\">5</td><td class=\"num\">15</td>").contains("refused (limits): items");
  }

  @Test
  void theJsonReportNamesTheCostPerThousandRequestsInUsdAndTheRefusals() throws Exception {
    JsonNode strong = new ObjectMapper().readTree(JsonReport.render(run.report())).path("variants").get(1);

    assertThat(strong.path("name").asText()).isEqualTo("strong");
    assertThat(strong.path("errors").asInt()).isEqualTo(5);
    assertThat(strong.path("refused_by_limits").asInt()).isEqualTo(15);
    assertThat(strong.path("cost_usd_per_1k_requests").asDouble()).isEqualTo(4.0);
    assertThat(strong.has("cost_per1k")).isFalse();
  }

  @Test
  void theGateCountsRefusalsAgainstTheErrorRateButSaysThemApartFromFailures() {
    Gate.Result result = Gate.check(run, null, 0.02);

    assertThat(result.failures()).contains("strong: 5 of 100 items failed, 15 more refused for a budget or rate limit"
        + " (not run) (0.200, max error rate 0.020): too many to judge the variant by the rest");
    assertThat(result.checks()).contains("weak: 0 of 100 items failed (0.000, max error rate 0.020)");
  }
}
