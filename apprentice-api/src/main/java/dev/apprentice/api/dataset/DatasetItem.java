package dev.apprentice.api.dataset;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One item of a dataset version.
 *
 * @param index    its position in the version, from 0
 * @param input    what the model is given
 * @param expected the reference answer as a plain JSON value (String, Number, Boolean, List, Map) or null when the
 *                 item has none
 * @param metadata anything else the row carried (plain JSON values), never null
 */
public record DatasetItem(int index, DatasetInput input, Object expected, Map<String, Object> metadata) {

  public DatasetItem {
    Objects.requireNonNull(input, "input");
    metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }
}
