package dev.apprentice.eval.run;

import dev.apprentice.eval.dataset.ResolvedDataset;
import dev.apprentice.eval.suite.Suite;
import dev.apprentice.eval.suite.SuiteIdentity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Takes a stored run over to resume it: checks that it is the same run (suite, dataset version, items), that no
 * other process is running it, and that something is left to run, then claims it with a compare-and-set so that of
 * two resumes started at once only one runs its items. A forced resume takes a running run whose heartbeat is fresh,
 * but never one beaten or claimed less than one heartbeat interval ago: its process is alive (a second resume
 * started with it would otherwise take the run from the first a moment after the first claimed it, and both would
 * run items until the first's next beat). Every refusal is an {@link IllegalArgumentException} (bad usage), thrown
 * before any call is made.
 */
final class Resume {

  private final RunStore store;
  private final Clock clock;
  private final Duration beat;

  /** @param beat how often a running run's heartbeat is stored ({@link EvalRunner#HEARTBEAT}) */
  Resume(RunStore store, Clock clock, Duration beat) {
    this.store = store;
    this.clock = clock;
    this.beat = beat;
  }

  /** The run as claimed by this process: running, with this process's heartbeat. */
  RunRecord claim(String id, Suite suite, String suiteText, ResolvedDataset dataset, boolean force) {
    String digest = dataset.digest();
    RunRecord run = store.run(id).orElseThrow(() -> new IllegalArgumentException("no evaluation run " + id));
    if (!SuiteIdentity.sameRun(run.suiteText(), suiteText)) {
      throw new IllegalArgumentException("the suite changed since run " + id + " started: resume it with the same "
          + "suite file (only budget_usd may change), or start a new run");
    }
    if (run.datasetRef() != null && dataset.reference() != null && !run.datasetRef().equals(dataset.reference())) {
      throw new IllegalArgumentException("run " + id + " read dataset " + run.datasetRef() + ", not "
          + dataset.reference() + ": resume it with the same dataset version, or start a new run");
    }
    if (run.itemsDigest() != null && !run.itemsDigest().equals(digest)) {
      throw new IllegalArgumentException("the dataset's items changed since run " + id + " started (results are "
          + "paired with items by position): resume it with the same items, or start a new run");
    }
    // A completed run may still hold failed items (a gate failed it on its error rate): resuming retries them.
    if (run.status() == RunStatus.COMPLETED
        && EvalRunner.pending(suite, dataset.items(), store.items(id)).isEmpty()) {
      throw new IllegalArgumentException("run " + id + " is completed and every item of every variant succeeded: "
          + "nothing to resume");
    }
    Instant now = Heartbeat.now(clock);
    Duration age = run.status() == RunStatus.RUNNING && run.heartbeatAt() != null
        ? Duration.between(run.heartbeatAt(), now) : null;
    if (!force && age != null && age.compareTo(EvalRunner.STALE_AFTER) < 0) {
      throw new IllegalArgumentException("run " + id + " is still running in another process (last heartbeat "
          + age.toSeconds() + " s ago): resuming it too would make its calls twice; wait for it, or force the resume "
          + "(eval run --force) if that process is gone");
    }
    if (force && age != null && age.compareTo(beat) < 0) {
      throw new IllegalArgumentException("another process stored run " + id + "'s heartbeat " + age.toMillis()
          + " ms ago, less than one heartbeat interval (" + seconds(beat) + "), so it is alive: resuming the run too "
          + "would make its calls twice; --force takes a run over only once its heartbeat is at least "
          + seconds(beat) + " old");
    }
    if (!store.claim(id, run.status(), run.heartbeatAt(), now)) {
      throw new IllegalArgumentException("run " + id + " was resumed by another process a moment ago: resuming it "
          + "too would make its calls twice");
    }
    RunRecord claimed = run.withStatus(RunStatus.RUNNING, null).withHeartbeat(now);
    if (run.itemsDigest() != null) return claimed;
    // A run stored before digests were kept (migration V10): the items it is resumed with are recorded now that this
    // process holds it, so that its next resume and its gate are checked instead of running unchecked for ever.
    store.recordItems(id, dataset.reference(), digest);
    return claimed.withItems(run.datasetRef() != null ? run.datasetRef() : dataset.reference(), digest);
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
