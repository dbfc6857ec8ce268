package dev.apprentice.api.dataset;

import java.time.Instant;
import java.util.Objects;

/**
 * One immutable version of a dataset: every import or change makes the next.
 *
 * @param version   1, 2, 3... in the order they were made
 * @param items     how many items it holds
 * @param source    where its items came from, for people ({@code import banking.csv (csv)}, {@code traces model=gpt})
 * @param createdAt when it was made
 */
public record DatasetVersion(String name, int version, int items, String source, Instant createdAt) {

  public DatasetVersion {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
    source = source == null ? "" : source;
  }

  /** {@code name@version}. */
  public String id() {
    return name + "@" + version;
  }
}
