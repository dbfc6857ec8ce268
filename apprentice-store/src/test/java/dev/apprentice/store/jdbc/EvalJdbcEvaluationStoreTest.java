package dev.apprentice.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.store.EvaluationItem;
import dev.apprentice.store.EvaluationRun;
import dev.apprentice.store.EvaluationStore;
import dev.apprentice.store.Store;
import dev.apprentice.store.StoreException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalJdbcEvaluationStoreTest {

  @TempDir Path dir;

  private Store store;
  private EvaluationStore evaluations;

  @BeforeEach
  void open() {
    store = Store.open("jdbc:sqlite:" + dir.resolve("apprentice.db"));
    evaluations = store.evaluations();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static EvaluationRun run(String id, long startedMillis) {
    return new EvaluationRun(id, "intents", "name: intents\n", Instant.ofEpochMilli(startedMillis), null, "running");
  }

  private static EvaluationItem item(String variant, int index, String output, String error) {
    return new EvaluationItem("ev-1", variant, index, output, "{\"accuracy\":{\"value\":1}}", 12.5, 30, 4, 0.0012,
        0.0003, 50, "tr-" + index, error);
  }

  @Test
  void aRunIsStoredUpdatedAndReadBack() {
    evaluations.createRun(run("ev-1", 1_000));
    evaluations.updateRun("ev-1", "completed", Instant.ofEpochMilli(5_000));

    EvaluationRun read = evaluations.run("ev-1").orElseThrow();
    assertThat(read.status()).isEqualTo("completed");
    assertThat(read.endedAt()).isEqualTo(Instant.ofEpochMilli(5_000));
    assertThat(read.suiteText()).isEqualTo("name: intents\n");
    assertThat(evaluations.run("ev-none")).isEmpty();
  }

  @Test
  void aRunKeepsTheDatasetVersionAndTheDigestOfItsItems() {
    evaluations.createRun(new EvaluationRun("ev-1", "intents", "name: intents\n", Instant.ofEpochMilli(1_000), null,
        "running", "tickets@3", "sha256:abc", Instant.ofEpochMilli(1_000)));
    evaluations.createRun(run("ev-2", 2_000));

    assertThat(evaluations.run("ev-1").orElseThrow()).extracting(EvaluationRun::datasetRef, EvaluationRun::itemsDigest)
        .containsExactly("tickets@3", "sha256:abc");
    assertThat(evaluations.run("ev-2").orElseThrow()).extracting(EvaluationRun::datasetRef, EvaluationRun::itemsDigest)
        .containsExactly(null, null);
  }

  @Test
  void aHeartbeatIsStoredWithTheRun() {
    evaluations.createRun(run("ev-1", 1_000));
    assertThat(evaluations.run("ev-1").orElseThrow().heartbeatAt()).isNull();

    evaluations.heartbeat("ev-1", Instant.ofEpochMilli(7_000));

    assertThat(evaluations.run("ev-1").orElseThrow().heartbeatAt()).isEqualTo(Instant.ofEpochMilli(7_000));
    assertThatThrownBy(() -> evaluations.heartbeat("ev-9", Instant.now())).isInstanceOf(StoreException.class);
  }

  @Test
  void aClaimTakesTheRunOnlyWhileItsStatusAndHeartbeatAreTheOnesItsClaimantRead() {
    evaluations.createRun(run("ev-1", 1_000));
    evaluations.updateRun("ev-1", "stopped", Instant.ofEpochMilli(2_000));

    assertThat(evaluations.claim("ev-1", "stopped", "running", null, Instant.ofEpochMilli(5_000))).isTrue();
    EvaluationRun claimed = evaluations.run("ev-1").orElseThrow();
    assertThat(claimed.status()).isEqualTo("running");
    assertThat(claimed.endedAt()).isNull();
    assertThat(claimed.heartbeatAt()).isEqualTo(Instant.ofEpochMilli(5_000));
    assertThat(evaluations.claim("ev-1", "stopped", "running", null, Instant.ofEpochMilli(5_001)))
        .as("read before the first claim").isFalse();
    assertThat(evaluations.claim("ev-1", "stopped", "running", Instant.ofEpochMilli(5_000), Instant.ofEpochMilli(6_000)))
        .as("the status changed since it was read").isFalse();
    assertThat(evaluations.claim("ev-1", "running", "running", Instant.ofEpochMilli(5_000), Instant.ofEpochMilli(6_000)))
        .isTrue();
    assertThatThrownBy(() -> evaluations.claim("ev-9", "stopped", "running", null, Instant.now()))
        .isInstanceOf(StoreException.class);
  }

  @Test
  void aRunIsHeldOnlyWhileItIsRunningWithTheHeartbeatAsked() {
    evaluations.createRun(new EvaluationRun("ev-1", "intents", "name: intents\n", Instant.ofEpochMilli(1_000), null,
        "running", null, "sha256:abc", Instant.ofEpochMilli(1_000)));

    assertThat(evaluations.holds("ev-1", "running", Instant.ofEpochMilli(1_000))).isTrue();
    assertThat(evaluations.claim("ev-1", "running", "running", Instant.ofEpochMilli(1_000), Instant.ofEpochMilli(2_000)))
        .as("another process took it over").isTrue();
    assertThat(evaluations.holds("ev-1", "running", Instant.ofEpochMilli(1_000))).isFalse();
    assertThat(evaluations.holds("ev-1", "running", Instant.ofEpochMilli(2_000))).isTrue();
    assertThat(evaluations.holds("ev-1", "completed", Instant.ofEpochMilli(2_000))).isFalse();
    assertThat(evaluations.holds("ev-9", "running", Instant.ofEpochMilli(2_000))).isFalse();
  }

  @Test
  void theItemsOfARunStoredBeforeDigestsAreRecordedOnceAndARunThatHasADigestKeepsIt() {
    evaluations.createRun(run("ev-1", 1_000));
    evaluations.createRun(new EvaluationRun("ev-2", "intents", "name: intents\n", Instant.ofEpochMilli(2_000), null,
        "running", null, "sha256:file", Instant.ofEpochMilli(2_000)));

    evaluations.recordItems("ev-1", "tickets@3", "sha256:abc");
    evaluations.recordItems("ev-1", "tickets@4", "sha256:def");
    evaluations.recordItems("ev-2", "tickets@3", "sha256:abc");

    assertThat(evaluations.run("ev-1").orElseThrow()).extracting(EvaluationRun::datasetRef, EvaluationRun::itemsDigest)
        .containsExactly("tickets@3", "sha256:abc");
    assertThat(evaluations.run("ev-2").orElseThrow()).extracting(EvaluationRun::datasetRef, EvaluationRun::itemsDigest)
        .containsExactly(null, "sha256:file");
    assertThatThrownBy(() -> evaluations.recordItems("ev-9", null, "sha256:abc")).isInstanceOf(StoreException.class);
  }

  @Test
  void anEndIsStoredOnlyWhileTheRunHoldsTheHeartbeatItsProcessLastStored() {
    evaluations.createRun(new EvaluationRun("ev-1", "intents", "name: intents\n", Instant.ofEpochMilli(1_000), null,
        "running", null, "sha256:abc", Instant.ofEpochMilli(1_000)));
    assertThat(evaluations.claim("ev-1", "running", "running", Instant.ofEpochMilli(1_000), Instant.ofEpochMilli(9_000)))
        .as("another process took it over").isTrue();

    assertThat(evaluations.end("ev-1", "running", Instant.ofEpochMilli(1_000), "completed", Instant.ofEpochMilli(9_500)))
        .isFalse();
    assertThat(evaluations.run("ev-1").orElseThrow()).extracting(EvaluationRun::status, EvaluationRun::endedAt)
        .containsExactly("running", null);
    assertThat(evaluations.end("ev-1", "running", Instant.ofEpochMilli(9_000), "completed", Instant.ofEpochMilli(9_900)))
        .isTrue();
    assertThat(evaluations.run("ev-1").orElseThrow()).extracting(EvaluationRun::status, EvaluationRun::endedAt)
        .containsExactly("completed", Instant.ofEpochMilli(9_900));
    assertThatThrownBy(() -> evaluations.end("ev-9", "running", null, "completed", Instant.now()))
        .isInstanceOf(StoreException.class);
  }

  @Test
  void runsAreListedNewestFirst() {
    evaluations.createRun(run("ev-1", 1_000));
    evaluations.createRun(run("ev-2", 3_000));
    evaluations.createRun(run("ev-3", 2_000));

    assertThat(evaluations.runs(2)).extracting(EvaluationRun::id).containsExactly("ev-2", "ev-3");
  }

  @Test
  void updatingAnUnknownRunOrCreatingATakenIdFails() {
    evaluations.createRun(run("ev-1", 1_000));

    assertThatThrownBy(() -> evaluations.updateRun("ev-9", "completed", null)).isInstanceOf(StoreException.class)
        .hasMessageContaining("ev-9");
    assertThatThrownBy(() -> evaluations.createRun(run("ev-1", 2_000))).isInstanceOf(StoreException.class);
  }

  @Test
  void anItemSavedAgainReplacesTheEarlierResult() {
    evaluations.createRun(run("ev-1", 1_000));
    evaluations.saveItem(item("small", 0, "", "upstream_error: boom"));
    evaluations.saveItem(item("small", 0, "card_arrival", null));
    evaluations.saveItem(item("large", 1, "card_linking", null));

    assertThat(evaluations.items("ev-1")).hasSize(2).first().isEqualTo(item("large", 1, "card_linking", null));
    assertThat(evaluations.items("ev-1").get(1).error()).isNull();
    assertThat(evaluations.items("ev-1").get(1).output()).isEqualTo("card_arrival");
  }

  @Test
  void anItemOfAnUnknownRunIsRefused() {
    assertThatThrownBy(() -> evaluations.saveItem(item("small", 0, "x", null))).isInstanceOf(StoreException.class);
  }
}
