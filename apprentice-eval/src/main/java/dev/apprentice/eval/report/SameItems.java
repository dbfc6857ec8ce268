package dev.apprentice.eval.report;

import dev.apprentice.eval.run.ItemResult;
import dev.apprentice.eval.run.RunRecord;
import dev.apprentice.eval.run.RunStatus;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether two runs were given the same items. The gate pairs results by item index only, so two runs of different
 * datasets (another file, another version of a stored dataset, another sample) would be compared item 3 with item 3
 * as if they were the same question. Runs keep a digest of their items ({@link RunRecord#itemsDigest}); for runs
 * stored before that, two completed runs must at least have results for the same item indices.
 */
public final class SameItems {

  private SameItems() {}

  /** Why the runs cannot be compared item by item, or null when they can (or cannot be told apart). */
  public static String problem(EvaluatedRun run, EvaluatedRun baseline) {
    RunRecord a = run.run();
    RunRecord b = baseline.run();
    String both = "run " + a.id() + " and baseline run " + b.id();
    if (a.itemsDigest() != null && b.itemsDigest() != null) {
      if (a.itemsDigest().equals(b.itemsDigest())) return null;
      String datasets = a.datasetRef() != null && b.datasetRef() != null && !a.datasetRef().equals(b.datasetRef())
          ? " (datasets " + a.datasetRef() + " and " + b.datasetRef() + ")" : "";
      return both + " were run on different items" + datasets + ": the gate pairs items by position, so it compares "
          + "only runs of the same dataset";
    }
    if (a.status() != RunStatus.COMPLETED || b.status() != RunStatus.COMPLETED) return null;
    Set<Integer> mine = indices(run);
    Set<Integer> theirs = indices(baseline);
    if (mine.equals(theirs)) return null;
    return both + " have results for different items (" + mine.size() + " and " + theirs.size() + " items): the gate "
        + "pairs items by position, so it compares only runs of the same dataset";
  }

  /** A line for the gate's checks when the items could not be verified (a run stored before digests were kept). */
  static String unverified(EvaluatedRun run, EvaluatedRun baseline) {
    if (run.run().itemsDigest() != null && baseline.run().itemsDigest() != null) return null;
    String old = run.run().itemsDigest() == null ? run.run().id() : baseline.run().id();
    return "items paired by position without a check that they are the same: run " + old + " was stored before "
        + "runs kept a digest of their items";
  }

  private static Set<Integer> indices(EvaluatedRun run) {
    Set<Integer> out = new TreeSet<>();
    for (ItemResult r : run.items()) out.add(r.itemIndex());
    return out;
  }
}
