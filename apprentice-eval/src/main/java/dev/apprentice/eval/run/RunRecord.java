package dev.apprentice.eval.run;

import java.time.Instant;

/**
 * One evaluation run.
 *
 * @param suiteName   the suite's name
 * @param suiteText   the suite file as it was when the run started (a resume checks it is unchanged but for its
 *                    budget; reports read the metrics and baseline from it)
 * @param endedAt     when it last stopped, null while running
 * @param datasetRef  the stored dataset version the items were read from ({@code name@version}), which a resume
 *                    reads again; null for a file, and for runs stored before it was kept (until a resume records
 *                    the version it read)
 * @param itemsDigest {@link dev.apprentice.eval.dataset.ItemsDigest} of the items the run was started with: a
 *                    resume and a gate refuse other items; null for runs stored before it was kept, until their
 *                    first resume records the items it was given
 * @param heartbeatAt when the process running it last said it still was (every few seconds while it runs): a resume
 *                    of a running run with a fresh heartbeat is refused; null for runs stored before it was kept
 */
public record RunRecord(String id, String suiteName, String suiteText, Instant startedAt, Instant endedAt,
    RunStatus status, String datasetRef, String itemsDigest, Instant heartbeatAt) {

  /** A run whose dataset is not known (one stored before the dataset was kept with it). */
  public RunRecord(String id, String suiteName, String suiteText, Instant startedAt, Instant endedAt,
      RunStatus status) {
    this(id, suiteName, suiteText, startedAt, endedAt, status, null, null, null);
  }

  public RunRecord withStatus(RunStatus newStatus, Instant ended) {
    return new RunRecord(id, suiteName, suiteText, startedAt, ended, newStatus, datasetRef, itemsDigest, heartbeatAt);
  }

  /** The run with what it was given, as a resume records it for a run stored before it was kept. */
  public RunRecord withItems(String dataset, String digest) {
    return new RunRecord(id, suiteName, suiteText, startedAt, endedAt, status, dataset, digest, heartbeatAt);
  }

  public RunRecord withHeartbeat(Instant at) {
    return new RunRecord(id, suiteName, suiteText, startedAt, endedAt, status, datasetRef, itemsDigest, at);
  }
}
