package dev.apprentice.api.trace;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one guardrail scanner decided about one direction of a call. Never holds the values it found, only their
 * types and counts.
 *
 * @param direction {@code input} (the request, before the upstream), {@code retrieved} (chunks a RAG model was about
 *                  to put in the prompt) or {@code output} (the answer)
 * @param scanner   the scanner's name ({@code pii}, {@code secrets}, {@code json_schema}, …)
 * @param score     the highest risk the scanner saw, 0 to 1
 * @param action    what was done: {@code pass}, {@code flag}, {@code redact}, {@code block}, {@code retry} or
 *                  {@code skip} (the schema check of an answer the model refused)
 * @param findings  how many findings of each type (Presidio's entity names, {@code SECRET}, {@code SCHEMA_VIOLATION},
 *                  {@code REFUSAL})
 * @param micros    time the scanner took, in microseconds
 */
public record GuardVerdict(String direction, String scanner, double score, String action,
    Map<String, Integer> findings, long micros) {

  public static final String INPUT = "input";
  public static final String OUTPUT = "output";
  public static final String RETRIEVED = "retrieved";
  /** The action of a scanner that found nothing that counts. */
  public static final String PASS = "pass";

  public GuardVerdict {
    findings = findings == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(findings));
  }

  /** All findings, whatever their type. */
  public int findingCount() {
    int total = 0;
    for (int count : findings.values()) total += count;
    return total;
  }
}
