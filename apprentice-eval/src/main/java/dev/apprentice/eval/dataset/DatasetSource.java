package dev.apprentice.eval.dataset;

import java.util.List;

/**
 * Where an evaluation's items come from: a JSONL or CSV file today, a stored dataset later. Items are loaded whole
 * (evaluation datasets are thousands of rows, not millions) and always in the same order, so that a resumed run
 * pairs the same index with the same item.
 */
public interface DatasetSource {

  /** What the source is, for messages and reports (a path, a dataset name and version). */
  String describe();

  /** Every item, in order; throws {@link IllegalArgumentException} naming the row for a malformed one. */
  List<EvalItem> load();

  /**
   * The {@code name@version} that reads the same items again, or null when the source has no versions (a file: its
   * items' digest tells whether it changed).
   */
  default String reference() {
    return null;
  }
}
