package dev.apprentice.eval.suite;

import dev.apprentice.eval.dataset.ColumnMapping;

/**
 * Where a suite's items come from: a file ({@code path}, relative to the suite file, in {@code format} jsonl or
 * csv, guessed from the extension when absent) or a stored dataset by {@code name} (read by a dataset store).
 *
 * @param limit  read only the first this many items, or null for all
 * @param sample a random sample of this many items (drawn with the suite's seed, kept in file order), or null
 */
public record DatasetSpec(String path, String format, ColumnMapping columns, String name, Integer limit,
    Integer sample) {

  public DatasetSpec {
    columns = columns == null ? ColumnMapping.defaults() : columns;
  }

  /** The format: the given one, else from the file extension ({@code .csv} is csv, anything else jsonl). */
  public String effectiveFormat() {
    if (format != null) return format;
    return path != null && path.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? "csv" : "jsonl";
  }
}
