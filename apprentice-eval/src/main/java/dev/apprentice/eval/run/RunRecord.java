package dev.apprentice.eval.run;

import java.time.Instant;

/**
 * One evaluation run.
 *
 * @param suiteName the suite's name
 * @param suiteText the suite file as it was when the run started (a resume checks it is unchanged but for its
 *                  budget; reports read the metrics and baseline from it)
 * @param endedAt   when it last stopped, null while running
 */
public record RunRecord(String id, String suiteName, String suiteText, Instant startedAt, Instant endedAt,
    RunStatus status) {

  public RunRecord withStatus(RunStatus newStatus, Instant ended) {
    return new RunRecord(id, suiteName, suiteText, startedAt, ended, newStatus);
  }
}
