package dev.apprentice.eval.dataset;

import java.util.List;
import java.util.Map;

/**
 * One dataset row as an evaluation reads it.
 *
 * @param index      the row's position in the dataset, from 0 (the key results are stored and paired under)
 * @param input      the text the model is asked about ({{input}} in prompts)
 * @param references reference answers (may be empty)
 * @param label      the gold class of a classification item, or null
 * @param contextIds gold context ids for retrieval metrics (may be empty)
 * @param fields     every column of the row by name, for {{column}} in prompt templates
 */
public record EvalItem(int index, String input, List<String> references, String label, List<String> contextIds,
    Map<String, Object> fields) {

  public EvalItem {
    if (index < 0) throw new IllegalArgumentException("item index must not be negative");
    input = input == null ? "" : input;
    references = references == null ? List.of() : List.copyOf(references);
    contextIds = contextIds == null ? List.of() : List.copyOf(contextIds);
    fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
  }
}
