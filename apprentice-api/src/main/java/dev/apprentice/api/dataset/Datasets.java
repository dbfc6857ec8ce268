package dev.apprentice.api.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Read access to versioned datasets (what an evaluation runs over). */
public interface Datasets {

  /** A version of a dataset; {@code version} null means the latest. Empty when either does not exist. */
  Optional<DatasetVersion> find(String name, Integer version);

  /** Streams a version's items in order, without holding them all in memory. */
  void forEachItem(String name, int version, Consumer<DatasetItem> each);

  /** A version's items in order (empty for an unknown version). */
  default List<DatasetItem> items(String name, int version) {
    List<DatasetItem> items = new ArrayList<>();
    forEachItem(name, version, items::add);
    return items;
  }

  /** The version a reference means, or empty. */
  default Optional<DatasetVersion> find(DatasetRef ref) {
    return find(ref.name(), ref.version());
  }
}
