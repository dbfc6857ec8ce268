package dev.apprentice.store;

import java.time.Instant;

/**
 * A stored evaluation run.
 *
 * @param suite       the suite's name
 * @param suiteText   the suite file as the run started with it
 * @param endedAt     when it last stopped, null while running
 * @param status      {@code running}, {@code completed}, {@code interrupted}, {@code budget_exhausted},
 *                    {@code refused} or {@code failed}, in that form exactly (the evaluation module's
 *                    {@code RunStatus} labels, which its {@code JdbcRunStore} alone writes and reads): the store
 *                    compares statuses exactly ({@link EvaluationStore#claim}, {@link EvaluationStore#end},
 *                    {@link EvaluationStore#holds}), so no other case or spelling means one of them
 * @param datasetRef  the stored dataset version its items were read from ({@code name@version}), null for a file
 *                    and for runs stored before migration V10
 * @param itemsDigest the digest of the items it was started with, null for runs stored before migration V10
 * @param heartbeatAt when the process running it last said so, null for runs stored before migration V10
 */
public record EvaluationRun(String id, String suite, String suiteText, Instant startedAt, Instant endedAt,
    String status, String datasetRef, String itemsDigest, Instant heartbeatAt) {

  /** A run without what it was given (as runs stored before migration V10 read). */
  public EvaluationRun(String id, String suite, String suiteText, Instant startedAt, Instant endedAt, String status) {
    this(id, suite, suiteText, startedAt, endedAt, status, null, null, null);
  }
}
