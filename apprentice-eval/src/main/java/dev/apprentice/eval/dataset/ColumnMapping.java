package dev.apprentice.eval.dataset;

import java.util.List;

/**
 * Which column (a dotted path into a JSON row, e.g. {@code expected.label}) holds each part of an item. A null
 * entry means "the first of the usual names that the row has": input from {@code input}, {@code question},
 * {@code text} or {@code prompt}; references from {@code expected} (text or list), {@code expected.output},
 * {@code expected.answer}, {@code reference}, {@code references}, {@code answer} or {@code target}; label from
 * {@code label}, {@code expected.label} or {@code category}; context ids from {@code expected.context_ids} or
 * {@code context_ids}.
 */
public record ColumnMapping(String input, String reference, String label, String contextIds) {

  static final List<String> INPUTS = List.of("input", "question", "text", "prompt");
  static final List<String> REFERENCES = List.of("expected", "expected.output", "expected.answer", "reference",
      "references", "answer", "target");
  static final List<String> LABELS = List.of("label", "expected.label", "category");
  static final List<String> CONTEXT_IDS = List.of("expected.context_ids", "context_ids");

  /** Every part found under its usual names. */
  public static ColumnMapping defaults() {
    return new ColumnMapping(null, null, null, null);
  }
}
