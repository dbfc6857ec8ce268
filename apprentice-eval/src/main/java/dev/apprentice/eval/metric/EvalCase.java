package dev.apprentice.eval.metric;

import java.util.List;

/**
 * Everything a metric may look at for one dataset item: what was asked, what the model answered, the references,
 * the gold label and context ids, and the chunks the call retrieved.
 *
 * @param input        the item's input (the question, the text to classify)
 * @param output       the model's answer
 * @param references   reference answers (may be empty)
 * @param label        the gold class of a classification item, or null
 * @param contextIds   the ids of the chunks (or documents) that answer the item ({@code expected.context_ids})
 * @param retrievedIds the chunk ids the call retrieved, best first ({@code documentId#n})
 * @param tags         the trace tags of the item's call, for calls a metric makes itself (an LLM judge)
 */
public record EvalCase(String input, String output, List<String> references, String label, List<String> contextIds,
    List<String> retrievedIds, List<String> tags) {

  public EvalCase {
    input = input == null ? "" : input;
    output = output == null ? "" : output;
    references = references == null ? List.of() : List.copyOf(references);
    contextIds = contextIds == null ? List.of() : List.copyOf(contextIds);
    retrievedIds = retrievedIds == null ? List.of() : List.copyOf(retrievedIds);
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** A case with only an output and its references, as {@link Metric#score} sees it. */
  public static EvalCase text(String output, List<String> references) {
    return new EvalCase("", output, references, null, List.of(), List.of(), List.of());
  }

  /** The gold label: the label when there is one, else the first reference, else null. */
  public String goldLabel() {
    if (label != null) return label;
    return references.isEmpty() ? null : references.getFirst();
  }
}
