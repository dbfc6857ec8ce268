package dev.apprentice.eval.dataset;

import dev.apprentice.api.dataset.DatasetItem;
import dev.apprentice.api.dataset.DatasetRef;
import dev.apprentice.api.dataset.DatasetVersion;
import dev.apprentice.api.dataset.Datasets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A dataset stored in Apprentice ({@code apprentice datasets ...}), named as {@code name} or {@code name@version}:
 * each item's input text is the item's input (a chat's last user turn), its reference and label the expected text
 * (a string as it is, an object, list or number as compact JSON: a tool-calling answer from traces is its message),
 * its gold context ids {@code expected.context_ids} when the expected value is an object that has them.
 */
public final class StoredDataset implements DatasetSource {

  private final Datasets datasets;
  private final DatasetVersion version;

  /** The version {@code reference} names; throws {@link IllegalArgumentException} when there is none. */
  public StoredDataset(Datasets datasets, String reference) {
    this(datasets, datasets.find(DatasetRef.parse(reference)).orElseThrow(() -> new IllegalArgumentException(
        "no stored dataset '" + reference + "' (see apprentice datasets list)")));
  }

  private StoredDataset(Datasets datasets, DatasetVersion version) {
    this.datasets = datasets;
    this.version = version;
  }

  /**
   * The version {@code reference} names, when {@code datasets} holds it (for a caller that words its absence itself);
   * {@link IllegalArgumentException} when the reference does not read.
   */
  public static Optional<StoredDataset> find(Datasets datasets, String reference) {
    return datasets.find(DatasetRef.parse(reference)).map(version -> new StoredDataset(datasets, version));
  }

  @Override
  public String describe() {
    return "dataset " + version.id();
  }

  /** The version read: {@code name@version}, even when the reference named only the dataset (its newest version). */
  @Override
  public String reference() {
    return version.id();
  }

  @Override
  public List<EvalItem> load() {
    List<EvalItem> items = new ArrayList<>(version.items());
    datasets.forEachItem(version.name(), version.version(), item -> items.add(toEvalItem(item)));
    return items;
  }

  private static EvalItem toEvalItem(DatasetItem item) {
    // a string as it is, any other value as compact JSON, as a file's cell or field is read (FieldText)
    String expected = item.expected() == null ? null : FieldText.of(item.expected());
    if (expected != null && expected.isBlank()) expected = null; // no reference or label, as for a blank CSV cell
    List<String> contextIds = List.of();
    if (item.expected() instanceof Map<?, ?> map && map.get("context_ids") instanceof List<?> ids) {
      contextIds = ids.stream().map(String::valueOf).toList();
    }
    // a prompt's placeholders read the item's fields: its metadata, and its expected value as {{expected}} (with
    // dotted paths into it when it is an object), as a file's row offers every column
    Map<String, Object> fields = new java.util.LinkedHashMap<>(item.metadata() == null ? Map.of() : item.metadata());
    if (item.expected() != null) fields.putIfAbsent("expected", item.expected());
    return new EvalItem(item.index(), item.input().text(), expected == null ? List.of() : List.of(expected), expected,
        contextIds, fields);
  }
}
