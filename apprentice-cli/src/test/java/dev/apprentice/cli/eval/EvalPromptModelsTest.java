package dev.apprentice.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.cli.CommandRun;
import dev.apprentice.eval.run.ItemResult;
import dev.apprentice.server.eval.JdbcRunStore;
import dev.apprentice.store.Store;
import dev.apprentice.store.TraceQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In-process, a variant may call a registered prompt ({@code prompt:NAME@ref}), its {@code variables} filled in per
 * item; every model the suite calls — variants' and judges' — is checked before any call.
 */
class EvalPromptModelsTest {

  @TempDir
  Path dir;

  private Path config;
  private Path data;

  @BeforeEach
  void writeFiles() throws Exception {
    EvalFixture.writeItems(dir);
    config = EvalFixture.writeConfig(dir);
    data = dir.resolve("data");
    Path prompt = Files.writeString(dir.resolve("triage.yaml"), """
        model: sim-small
        messages:
          - { role: system, content: "Triage tickets for {{product}}." }
          - { role: user, content: "Ticket: {{ticket}}" }
        """);
    CommandRun pushed = cli("prompts", "push", "triage", "--file", prompt.toString(), "--label", "production");
    assertThat(pushed.exit()).as(pushed.err()).isZero();
  }

  private CommandRun cli(String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--config";
    all[args.length + 1] = config.toString();
    all[args.length + 2] = "--data-dir";
    all[args.length + 3] = data.toString();
    return EvalFixture.cli(all);
  }

  private Path suite(String variantModel, String judgeModel) throws Exception {
    return Files.writeString(dir.resolve("suite.yaml"), """
        name: triage
        dataset:
          path: items.csv
          columns: { input: text, label: category }
        variants:
          - name: registered
            model: "%s"
            parameters: { variables: { ticket: "{{input}}", product: "{{category}}" } }
        metrics:
          - { name: ticket, metric: contains, settings: { value: "Ticket: " } }
          - { name: judged, metric: llm_judge, settings: { model: "%s" }, weight: 0 }
        pilot_items: 0
        resamples: 200
        """.formatted(variantModel, judgeModel));
  }

  @Test
  void aRegisteredPromptIsCalledInProcessWithItsVariablesFilledPerItem() throws Exception {
    CommandRun run = cli("eval", "run", suite("prompt:triage@production", "sim-large").toString(), "--no-progress");

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    String id = EvalFixture.runId(run);
    try (Store store = Store.open("jdbc:sqlite:" + data.resolve("apprentice.db"))) {
      List<ItemResult> items = new JdbcRunStore(store.evaluations()).items(id);
      assertThat(items).hasSize(EvalFixture.ITEMS.size()).allSatisfy(r -> {
        assertThat(r.error()).isNull();
        // the simulator echoes the last message: the prompt's user turn with this item's text, no default turn after it
        assertThat(r.output()).isEqualTo("Ticket: " + EvalFixture.ITEMS.get(r.itemIndex())[0]);
      });
      List<TraceRecord> calls = store.traces().list(new TraceQuery(1000, null, null, null, null, null)).stream()
          .filter(t -> !t.tags().contains("judge")).toList();
      assertThat(calls).hasSize(EvalFixture.ITEMS.size()).allSatisfy(t -> {
        assertThat(t.model()).isEqualTo("sim-small");
        assertThat(t.details().prompt()).isEqualTo("triage@1");
      });
    }
  }

  @Test
  void aPromptTheRegistryDoesNotHaveIsRefusedBeforeAnyCall() throws Exception {
    CommandRun run = cli("eval", "run", suite("prompt:triage@staging", "sim-large").toString(), "--no-progress");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("suite.yaml: variants[0].model: prompt 'triage' has no label 'staging' "
        + "(labels: production -> 1)");
    assertThat(run.out()).doesNotContain("evaluating");
  }

  @Test
  void variablesThePromptVersionDoesNotTakeOrLacksAreRefusedBeforeAnyCall() throws Exception {
    Path suite = suite("prompt:triage@production", "sim-large");
    String text = Files.readString(suite);
    Path missing = Files.writeString(dir.resolve("missing.yaml"), text.replace(", product: \"{{category}}\"", ""));
    Path unused = Files.writeString(dir.resolve("unused.yaml"), text.replace("product:", "tier: x, product:"));

    CommandRun lacking = cli("eval", "run", missing.toString(), "--no-progress");
    CommandRun extra = cli("eval", "run", unused.toString(), "--no-progress");

    assertThat(lacking.exit()).isEqualTo(2);
    assertThat(lacking.err()).isEqualTo("apprentice: " + missing + ": variants[0].parameters.variables.product: "
        + "variables.product is missing: triage@1 uses product, ticket\n");
    assertThat(extra.exit()).isEqualTo(2);
    assertThat(extra.err()).isEqualTo("apprentice: " + unused + ": variants[0].parameters.variables.tier: "
        + "variables.tier is not used by triage@1 (it uses product, ticket)\n");
    try (Store store = Store.open("jdbc:sqlite:" + data.resolve("apprentice.db"))) {
      assertThat(store.evaluations().runs(10)).isEmpty();
    }
  }

  @Test
  void variablesThatAreNotAMappingOrHoldANullAreRefusedBeforeAnyCallAsTheGatewayWouldRefuseEachItem() throws Exception {
    String text = Files.readString(suite("prompt:triage@production", "sim-large"));
    Path notAMapping = Files.writeString(dir.resolve("list.yaml"), text.replace(
        "{ variables: { ticket: \"{{input}}\", product: \"{{category}}\" } }", "{ variables: [ticket, product] }"));
    Path aNull = Files.writeString(dir.resolve("null.yaml"), text.replace("product: \"{{category}}\"", "product: null"));

    CommandRun list = cli("eval", "run", notAMapping.toString(), "--no-progress");
    CommandRun nothing = cli("eval", "run", aNull.toString(), "--no-progress");

    assertThat(list.exit()).as(list.out() + list.err()).isEqualTo(2);
    assertThat(list.err()).isEqualTo("apprentice: " + notAMapping + ": variants[0].parameters.variables: "
        + "'variables' must be an object of name: value\n");
    assertThat(nothing.exit()).as(nothing.out() + nothing.err()).isEqualTo(2);
    assertThat(nothing.err()).isEqualTo("apprentice: " + aNull + ": variants[0].parameters.variables.product: "
        + "variables.product is null\n");
    try (Store store = Store.open("jdbc:sqlite:" + data.resolve("apprentice.db"))) {
      assertThat(store.evaluations().runs(10)).isEmpty();
    }
  }

  @Test
  void aJudgeModelTheConfigDoesNotDefineIsRefusedBeforeAnyCall() throws Exception {
    CommandRun run = cli("eval", "run", suite("sim-small", "no-such-judge").toString(), "--no-progress");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("suite.yaml: metrics[1].settings.model: no model 'no-such-judge' in the config (")
        .contains("models: sim-small, sim-large)");
    try (Store store = Store.open("jdbc:sqlite:" + data.resolve("apprentice.db"))) {
      assertThat(store.evaluations().runs(10)).isEmpty();
    }
  }

  @Test
  void aPromptVersionThatNamesNoModelIsRefusedBeforeAnyCallAsAPromptCallWouldBe() throws Exception {
    Path modelless = Files.writeString(dir.resolve("modelless.yaml"), """
        messages:
          - { role: user, content: "Ticket: {{ticket}}" }
        """);
    CommandRun pushed = cli("prompts", "push", "modelless", "--file", modelless.toString());
    assertThat(pushed.exit()).as(pushed.err()).isZero();

    CommandRun run = cli("eval", "run", suite("prompt:modelless@1", "sim-large").toString(), "--no-progress");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("suite.yaml: variants[0].model: prompt modelless@1 names no model to call: push a "
        + "version with a 'model' (a configured model alias)");
    assertThat(run.out()).doesNotContain("evaluating");
  }
}
