package dev.apprentice.server.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.apprentice.api.dataset.DatasetInput;
import dev.apprentice.api.dataset.DatasetItem;
import dev.apprentice.api.dataset.DatasetVersion;
import dev.apprentice.server.http.ServerJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the dataset routes and of the CLI's {@code datasets --json} output. An exported row is an
 * item without its index, {@code {input, expected, metadata}}: exactly what an import reads back.
 */
public final class DatasetViews {

  private DatasetViews() {}

  public static Map<String, Object> version(DatasetVersion d) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("object", "dataset.version");
    v.put("name", d.name());
    v.put("version", d.version());
    v.put("id", d.id());
    v.put("items", d.items());
    v.put("source", d.source());
    v.put("created_at", d.createdAt().toString());
    return v;
  }

  /** A dataset with every version, oldest first. */
  public static Map<String, Object> dataset(String name, List<DatasetVersion> versions) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("object", "dataset");
    v.put("name", name);
    v.put("latest_version", versions.getLast().version());
    v.put("items", versions.getLast().items());
    v.put("versions", versions.stream().map(DatasetViews::version).toList());
    return v;
  }

  /** The newest version of a dataset in a list. */
  public static Map<String, Object> summary(DatasetVersion d) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("object", "dataset");
    v.put("name", d.name());
    v.put("latest_version", d.version());
    v.put("items", d.items());
    v.put("source", d.source());
    v.put("updated_at", d.createdAt().toString());
    return v;
  }

  public static Map<String, Object> item(DatasetItem item) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("index", item.index());
    v.putAll(row(item));
    return v;
  }

  /** One exported line. */
  public static Map<String, Object> row(DatasetItem item) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("input", switch (item.input()) {
      case DatasetInput.Text text -> text.value();
      case DatasetInput.Chat chat -> chat.value();
    });
    if (item.expected() != null) v.put("expected", item.expected());
    v.put("metadata", item.metadata());
    return v;
  }

  /**
   * One exported line as JSON text: a null inside the expected value or the metadata is written as it is stored, so
   * that the line imports back as the same item (the admin API's other answers leave nulls out).
   */
  public static String line(Map<String, Object> row) {
    try {
      return ServerJson.WIRE.writeValueAsString(row);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a dataset item did not convert to JSON: " + e.getOriginalMessage(), e);
    }
  }
}
