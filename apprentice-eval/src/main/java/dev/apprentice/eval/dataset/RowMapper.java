package dev.apprentice.eval.dataset;

import java.util.List;
import java.util.Map;

/** Turns one parsed row (JSON object or CSV record) into an item with a {@link ColumnMapping}. */
final class RowMapper {

  private final ColumnMapping mapping;
  private final boolean textCells;

  /** @param textCells the rows are CSV records, whose cells are all text (a list cell may be a JSON array) */
  RowMapper(ColumnMapping mapping, boolean textCells) {
    this.mapping = mapping;
    this.textCells = textCells;
  }

  EvalItem item(int index, Map<String, Object> row, String where) {
    Object input = pick(row, mapping.input(), ColumnMapping.INPUTS, where, true);
    if (blank(input)) { // as dataset import refuses it: an item would send the model nothing to answer
      throw new IllegalArgumentException(where + (textCells ? ": the '" + inputColumn(row) + "' cell is empty"
          : ": '" + inputColumn(row) + "' is empty"));
    }
    Object reference = pick(row, mapping.reference(), ColumnMapping.REFERENCES, where, false);
    Object label = pick(row, mapping.label(), ColumnMapping.LABELS, where, false);
    Object contextIds = pick(row, mapping.contextIds(), ColumnMapping.CONTEXT_IDS, where, false);
    return new EvalItem(index, FieldText.of(input), ListCells.references(reference, textCells),
        label == null ? null : FieldText.of(label), ListCells.ids(contextIds), row);
  }

  /**
   * The part's value: at the mapped path, else under the first usual name that has one. An optional part (all but
   * the input) has no value where the row has null or blank text, as an empty CSV cell is; a mapped path the row
   * does not have at all is an error.
   */
  private static Object pick(Map<String, Object> row, String path, List<String> usual, String where, boolean required) {
    if (path != null) {
      Object value = lookup(row, path);
      if (value == null && (required || !hasPath(row, path))) {
        throw new IllegalArgumentException(where + ": no column '" + path + "'");
      }
      return required || !blank(value) ? value : null;
    }
    for (String name : usual) {
      Object value = lookup(row, name);
      if (value != null && !(value instanceof Map) && (required || !blank(value))) return value;
    }
    if (required) throw new IllegalArgumentException(where + ": no input column (tried " + usual + "; map one)");
    return null;
  }

  /** The column the input was read from: the mapped one, else the first usual name the row has. */
  private String inputColumn(Map<String, Object> row) {
    if (mapping.input() != null) return mapping.input();
    return ColumnMapping.INPUTS.stream().filter(row::containsKey).findFirst().orElse("input");
  }

  private static boolean blank(Object value) {
    return value == null || value instanceof String s && s.isBlank();
  }

  /** True when the row has the dotted path, even with a null value. */
  private static boolean hasPath(Map<String, Object> row, String path) {
    if (row.containsKey(path)) return true;
    Object node = row;
    String[] parts = path.split("\\.");
    for (int i = 0; i < parts.length - 1; i++) {
      if (!(node instanceof Map<?, ?> map)) return false;
      node = map.get(parts[i]);
    }
    return node instanceof Map<?, ?> map && map.containsKey(parts[parts.length - 1]);
  }

  /** The value at a dotted path through nested objects; a whole key with dots wins over the path. */
  static Object lookup(Map<String, Object> row, String path) {
    if (row.containsKey(path)) return row.get(path);
    Object node = row;
    for (String part : path.split("\\.")) {
      if (!(node instanceof Map<?, ?> map)) return null;
      node = map.get(part);
    }
    return node;
  }
}
