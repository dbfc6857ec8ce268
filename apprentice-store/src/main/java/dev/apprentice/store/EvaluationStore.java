package dev.apprentice.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Evaluation runs and their item results (tables {@code eval_runs} and {@code eval_items}). */
public interface EvaluationStore {

  /** Stores a new run; throws {@link StoreException} when its id exists. */
  void createRun(EvaluationRun run);

  Optional<EvaluationRun> run(String id);

  /** The most recently started runs first. */
  List<EvaluationRun> runs(int limit);

  /** Sets a run's status and end time (null while running); throws {@link StoreException} for an unknown run. */
  void updateRun(String id, String status, Instant endedAt);

  /** Records that the process running the run is still at it; throws {@link StoreException} for an unknown run. */
  void heartbeat(String id, Instant at);

  /**
   * In one statement, sets the run's status to {@code status}, its heartbeat to {@code at} and clears its end, only
   * if its status and heartbeat are still {@code seenStatus} and {@code seen} (null included): false when another
   * process changed either since; throws {@link StoreException} for an unknown run.
   */
  boolean claim(String id, String seenStatus, String status, Instant seen, Instant at);

  /**
   * In one statement, sets the run's status to {@code status} and its end to {@code endedAt} only if its status and
   * heartbeat are still {@code seenStatus} and {@code seen} (null included): false when another process changed
   * either since; throws {@link StoreException} for an unknown run.
   */
  boolean end(String id, String seenStatus, Instant seen, String status, Instant endedAt);

  /**
   * True while the run has status {@code status} and heartbeat {@code heartbeat}: one indexed read, so that the process
   * running it can check before each item that no other process took it over since its last beat.
   */
  boolean holds(String id, String status, Instant heartbeat);

  /**
   * In one statement, sets the run's items digest, and its dataset ref where that is null, only if its digest is null
   * (a run stored before migration V10): a run with a digest keeps what it has. Throws {@link StoreException} for an
   * unknown run.
   */
  void recordItems(String id, String datasetRef, String itemsDigest);

  /** Stores an item result, replacing the one with the same run, variant and index. */
  void saveItem(EvaluationItem item);

  /** A run's item results, by variant then item index. */
  List<EvaluationItem> items(String runId);
}
