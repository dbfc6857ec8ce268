package dev.apprentice.eval.dataset;

import java.util.List;

/**
 * The items a run is given and, for a stored dataset, the version they were read from.
 *
 * @param reference the stored dataset's {@code name@version} (a suite's {@code dataset: {name: x}} reads the newest
 *                  version, so a resume reads this one instead), or null for a file or items given directly
 */
public record ResolvedDataset(String reference, List<EvalItem> items) {

  public ResolvedDataset {
    items = List.copyOf(items);
  }

  /** Items that come from no stored dataset (a file, or a test's list). */
  public static ResolvedDataset of(List<EvalItem> items) {
    return new ResolvedDataset(null, items);
  }

  /** {@link ItemsDigest} of the items. */
  public String digest() {
    return ItemsDigest.of(items);
  }
}
