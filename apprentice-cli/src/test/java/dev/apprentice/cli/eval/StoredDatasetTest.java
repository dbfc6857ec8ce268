package dev.apprentice.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.Message;
import dev.apprentice.cli.CommandRun;
import dev.apprentice.api.dataset.DatasetInput;
import dev.apprentice.eval.dataset.DatasetSources;
import dev.apprentice.eval.dataset.EvalItem;
import dev.apprentice.eval.dataset.StoredDataset;
import dev.apprentice.eval.suite.DatasetSpec;
import dev.apprentice.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoredDatasetTest {

  @TempDir Path dir;

  @Test
  void aSuiteCanReadAStoredDatasetVersionByName() {
    try (Store store = Store.open("jdbc:sqlite:" + dir.resolve("apprentice.db"))) {
      store.datasets().create("intents", "test", false, Instant.now(), sink -> {
        sink.add(new DatasetInput.Text("my card has not arrived"), "card_arrival", Map.of("split", "test"));
        sink.add(new DatasetInput.Chat(List.of(Message.system("triage"), Message.user("rate for euros?"))),
            Map.of("label", "exchange_rate", "context_ids", List.of("fx.md#0")), Map.of());
      });
      store.datasets().create("intents", "test", true, Instant.now(), sink -> {
        sink.add(new DatasetInput.Text("new in version 2"), "other", Map.of());
        sink.add(new DatasetInput.Text("not labelled yet"), "  ", Map.of());
      });

      List<EvalItem> v1 = DatasetSources.load(spec("intents@1"), dir,
          name -> new StoredDataset(store.datasets(), name), 7);
      List<EvalItem> latest = new StoredDataset(store.datasets(), "intents").load();

      assertThat(v1).extracting(EvalItem::input).containsExactly("my card has not arrived", "rate for euros?");
      assertThat(v1.getFirst().label()).isEqualTo("card_arrival");
      assertThat(v1.getFirst().references()).containsExactly("card_arrival");
      assertThat(v1.get(1).contextIds()).containsExactly("fx.md#0");
      assertThat(v1.get(1).references()).as("an object is its JSON, as in a file, not Java's toString").singleElement()
          .asString().startsWith("{\"").contains("\"label\":\"exchange_rate\"", "\"context_ids\":[\"fx.md#0\"]");
      assertThat(v1.getFirst().fields()).as("placeholders may name the expected value and the metadata")
          .containsEntry("expected", "card_arrival").containsEntry("split", "test");
      assertThat(v1.get(1).fields()).containsEntry("expected",
          Map.of("label", "exchange_rate", "context_ids", List.of("fx.md#0")));
      assertThat(latest).hasSize(4);
      assertThat(latest.getLast().label()).as("a blank expected text is no label").isNull();
      assertThat(latest.getLast().references()).isEmpty();
      assertThatThrownBy(() -> new StoredDataset(store.datasets(), "missing"))
          .hasMessageContaining("no stored dataset 'missing'");
    }
  }

  @Test
  void aResumeReadsTheDatasetVersionItsRunReadThoughTheSuiteNamesOnlyTheDataset() throws Exception {
    Path config = EvalFixture.writeConfig(dir);
    Path data = Files.createDirectories(dir.resolve("data"));
    String db = "jdbc:sqlite:" + data.resolve("apprentice.db");
    try (Store store = Store.open(db)) {
      store.datasets().create("intents", "test", false, Instant.now(), sink -> {
        sink.add(new DatasetInput.Text("my card has not arrived"), "card_arrival", Map.of());
        sink.add(new DatasetInput.Text("rate for euros?"), "exchange_rate", Map.of());
      });
    }
    Path suite = Files.writeString(dir.resolve("suite.yaml"), """
        name: stored
        dataset: { name: intents }
        variants:
          - { name: echo, model: sim-small, prompt: "{{input}}" }
        metrics:
          - { name: accuracy, threshold: 1 }
        """);
    String[] options = {"--no-progress", "--config", config.toString(), "--data-dir", data.toString()};
    CommandRun first = EvalFixture.cli(args(new String[] {"eval", "run", suite.toString()}, options));
    assertThat(first.exit()).as(first.out() + first.err()).isZero();
    String id = EvalFixture.runId(first);
    try (Store store = Store.open(db)) {
      store.evaluations().updateRun(id, "interrupted", Instant.now());
      store.datasets().create("intents", "test", true, Instant.now(), sink ->
          sink.add(new DatasetInput.Text("new in version 2"), "other", Map.of()));
    }

    CommandRun resumed = EvalFixture.cli(args(new String[] {"eval", "run", suite.toString(), "--resume", id}, options));

    assertThat(resumed.exit()).as(resumed.out() + resumed.err()).isZero();
    assertThat(resumed.out()).contains("2 items x 1 variants").contains("0 item calls made, 2 skipped");
  }

  @Test
  void aStoredDatasetMissingWithUrlIsRefusedNamingTheDataDirectoryItIsReadFromNotTheServer() throws Exception {
    Path data = Files.createDirectories(dir.resolve("local"));
    Path suite = Files.writeString(dir.resolve("suite.yaml"), """
        name: stored
        dataset: { name: intents@1 }
        variants:
          - { name: echo, model: sim-small, prompt: "{{input}}" }
        metrics:
          - { name: accuracy, threshold: 1 }
        """);

    CommandRun refused = EvalFixture.cli("eval", "run", suite.toString(), "--no-progress", "--url", "http://127.0.0.1:9",
        "--data-dir", data.toString());

    assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(2);
    assertThat(refused.err()).isEqualTo("apprentice: no stored dataset 'intents@1' in the data directory " + data
        + ", where a run with --url reads it and keeps the run, not on the server: give the server's data directory"
        + " with --data-dir, or import the dataset here (see apprentice datasets list --data-dir " + data + ")\n");
  }

  private static String[] args(String[] command, String[] options) {
    String[] all = java.util.Arrays.copyOf(command, command.length + options.length);
    System.arraycopy(options, 0, all, command.length, options.length);
    return all;
  }

  private static DatasetSpec spec(String name) {
    return new DatasetSpec(null, null, null, name, null, null);
  }
}
