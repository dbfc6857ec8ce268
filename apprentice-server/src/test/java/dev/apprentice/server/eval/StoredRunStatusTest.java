package dev.apprentice.server.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.eval.run.RunRecord;
import dev.apprentice.eval.run.RunStatus;
import dev.apprentice.store.EvaluationRun;
import dev.apprentice.store.Store;
import dev.apprentice.store.StoreException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's status is one of the runner's labels, in that form exactly, as it is written and as the store's
 * compare-and-set statements match it; a row with another form is a store problem said with the run's id, not a status
 * read one way and matched another.
 */
class StoredRunStatusTest {

  private static final Instant BEAT = Instant.ofEpochMilli(5_000);

  @TempDir
  Path dir;

  private Store open() {
    return Store.open("jdbc:sqlite:" + dir.resolve("apprentice.db"));
  }

  @Test
  void everyStatusIsWrittenAndReadBackAsItsLabel() {
    try (Store store = open()) {
      JdbcRunStore runs = new JdbcRunStore(store.evaluations());
      for (RunStatus status : RunStatus.values()) {
        String id = "ev-" + status.label();
        runs.createRun(new RunRecord(id, "intents", "name: intents\n", BEAT, null, status, null, null, BEAT));

        assertThat(store.evaluations().run(id).orElseThrow().status()).isEqualTo(status.label());
        assertThat(runs.run(id).orElseThrow().status()).isEqualTo(status);
      }
    }
  }

  @Test
  void aStatusInAnotherCaseIsRefusedWithTheRunsIdSinceTheStoresCompareAndSetDoesNotMatchIt() {
    try (Store store = open()) {
      store.evaluations().createRun(new EvaluationRun("ev-1", "intents", "name: intents\n", BEAT, null, "Running",
          null, null, BEAT));
      JdbcRunStore runs = new JdbcRunStore(store.evaluations());

      assertThat(runs.holds("ev-1", BEAT)).as("the store matches statuses exactly").isFalse();
      assertThatThrownBy(() -> runs.run("ev-1")).isInstanceOf(StoreException.class)
          .hasMessage("evaluation run ev-1 in the store: 'Running' is no evaluation run status (one of running,"
              + " completed, interrupted, budget_exhausted, refused, failed)");
    }
  }

  @Test
  void anUnknownStatusIsRefusedWithoutAJavaNameInTheMessage() {
    try (Store store = open()) {
      store.evaluations().createRun(new EvaluationRun("ev-2", "intents", "name: intents\n", BEAT, null, "done"));

      assertThatThrownBy(() -> new JdbcRunStore(store.evaluations()).runs(10)).isInstanceOf(StoreException.class)
          .hasMessageStartingWith("evaluation run ev-2 in the store: 'done' is no evaluation run status")
          .message().doesNotContain("dev.apprentice").doesNotContain("enum");
    }
  }
}
