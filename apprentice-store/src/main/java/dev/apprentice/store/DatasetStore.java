package dev.apprentice.store;

import dev.apprentice.api.dataset.DatasetInput;
import dev.apprentice.api.dataset.DatasetItem;
import dev.apprentice.api.dataset.DatasetVersion;
import dev.apprentice.api.dataset.Datasets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Versioned datasets: every import or change stores a new immutable version with its own copy of the items. */
public interface DatasetStore extends Datasets {

  /** Where new items go: each call adds the next item. */
  @FunctionalInterface
  interface ItemSink {
    void add(DatasetInput input, Object expected, Map<String, Object> metadata);
  }

  /** Produces a new version's items (parsing a file, reading traces); may throw to abandon the whole version. */
  @FunctionalInterface
  interface ItemSource {
    void emit(ItemSink sink);

    /**
     * Emits the items that follow those of {@code base}, the version an append starts with (its items copied into the
     * new version ahead of the first item emitted, and not at all when none is), or null when the new version starts
     * empty; a source that must not repeat an item already there reads {@code base} here. By default the base makes
     * no difference.
     */
    default void emit(ItemSink sink, DatasetVersion base) {
      emit(sink);
    }
  }

  /**
   * Makes the next version of a dataset (1 for a new name) from the items {@code source} emits, after the newest
   * version's items when {@code append}. All or nothing: readers see the version only once it is whole, and when the
   * source throws, or emits nothing new, nothing is stored (the source's exception is thrown; for nothing new an
   * IllegalArgumentException, a {@link NothingNew} naming the version kept when an append found one to build on). Other writes are not held back while the source reads, except later writes of the same dataset:
   * those wait, in order, so that an append always builds on the version made just before it. An append that finds
   * a version of the dataset being written by another process on the same database is refused with an
   * IllegalArgumentException instead.
   */
  DatasetVersion create(String name, String source, boolean append, Instant at, ItemSource items);

  /** An append whose source emitted no item: no version is made, and {@link #latest()} stays the newest. */
  final class NothingNew extends IllegalArgumentException {
    private final transient DatasetVersion latest;

    public NothingNew(DatasetVersion latest) {
      super("no items to store: nothing to append to " + latest.id());
      this.latest = latest;
    }

    /** The version the append would have built on, still the dataset's newest. */
    public DatasetVersion latest() {
      return latest;
    }
  }

  /** The newest version of every dataset, by name. */
  List<DatasetVersion> list();

  /** Every version of a dataset, oldest first (empty for an unknown name). */
  List<DatasetVersion> versions(String name);

  /** A page of a version's items, in order. */
  List<DatasetItem> items(String name, int version, int offset, int limit);
}
