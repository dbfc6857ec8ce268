package dev.apprentice.eval.run;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where runs and their item results are kept (the JDBC store in production, {@link MemoryRunStore} in tests). */
public interface RunStore {

  void createRun(RunRecord run);

  Optional<RunRecord> run(String id);

  /** The most recent runs first. */
  List<RunRecord> runs(int limit);

  void updateRun(String id, RunStatus status, Instant endedAt);

  /** Records that this process is still running the run ({@link RunRecord#heartbeatAt}). */
  void heartbeat(String id, Instant at);

  /**
   * Takes the run over for this process, in one step: marks it running with heartbeat {@code at} (and no end) only
   * if its status and heartbeat are still {@code seenStatus} and {@code seenHeartbeat} (null included), as read
   * before deciding to resume. False when another process beat, resumed or ended it since, so two resumes started
   * at the same moment cannot both run its items.
   */
  boolean claim(String id, RunStatus seenStatus, Instant seenHeartbeat, Instant at);

  /**
   * Ends the run this process holds, in one step: stores its final status and end only if it is still running with
   * heartbeat {@code seenHeartbeat} (this process's last beat). False when another process took it over since (its
   * status is that process's to write).
   */
  boolean end(String id, Instant seenHeartbeat, RunStatus status, Instant endedAt);

  /**
   * True while the run is running with heartbeat {@code heartbeat} (this process's last beat): a cheap read that the
   * process running it makes before starting each item, so that a run another process took over starts no item here.
   */
  boolean holds(String id, Instant heartbeat);

  /**
   * Records the digest of the items a run is given, and the stored dataset version they were read from when it has
   * none, only if the run has no digest yet (it was stored before digests were kept): a resume of such a run records
   * them so that its next resume and its gate are checked. A run that has a digest is left as it is.
   */
  void recordItems(String id, String datasetRef, String itemsDigest);

  /** Stores an item's result, replacing an earlier one of the same run, variant and index (a retried failure). */
  void saveItem(ItemResult result);

  /** Every stored item result of a run. */
  List<ItemResult> items(String runId);
}
