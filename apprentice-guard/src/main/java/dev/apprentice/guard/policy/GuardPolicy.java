package dev.apprentice.guard.policy;

import dev.apprentice.api.Deadline;
import dev.apprentice.guard.Scanner;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One model's guardrails: an action per input scanner (run in map order), the actions on the answer, and the
 * scanners by name. Output PII checks use the scanner named {@code pii}.
 *
 * @param input           action per input scanner name
 * @param outputPii       what to do with personal data in the answer that the caller did not send
 * @param jsonSchema      what to do when the answer fails the JSON schema its request asked for (never REDACT)
 * @param jsonSchemaRetry ask once more when the answer fails its schema, before acting
 * @param blockUnreadable refuse a request holding content the input scanners cannot read ({@code UnreadableParts}:
 *                        a PDF, an image or audio sent as data, a {@code file_id}), when some input scanner redacts or
 *                        blocks ({@link #refusesUnreadable})
 * @param scanners        every scanner an action above needs, by name
 */
public record GuardPolicy(Map<String, Action> input, Action outputPii, Action jsonSchema, boolean jsonSchemaRetry,
    boolean blockUnreadable, Map<String, Scanner> scanners) {

  public GuardPolicy {
    input = Collections.unmodifiableMap(new LinkedHashMap<>(input));
    scanners = Map.copyOf(scanners);
    if (jsonSchema == Action.REDACT) throw new IllegalArgumentException("json_schema cannot redact");
    for (Map.Entry<String, Action> e : input.entrySet()) {
      if (e.getValue() != Action.OFF && !scanners.containsKey(e.getKey())) {
        throw new IllegalArgumentException("no scanner named " + e.getKey());
      }
    }
    if (outputPii != Action.OFF && !scanners.containsKey("pii")) throw new IllegalArgumentException("no pii scanner");
  }

  /** A policy that lets content its scanners cannot read through, unread. */
  public GuardPolicy(Map<String, Action> input, Action outputPii, Action jsonSchema, boolean jsonSchemaRetry,
      Map<String, Scanner> scanners) {
    this(input, outputPii, jsonSchema, jsonSchemaRetry, false, scanners);
  }

  /**
   * True when a request with content the input scanners cannot read is refused: {@link #blockUnreadable}, on a guard
   * that takes something out of requests or refuses them (a guard that only flags vouches for nothing).
   */
  public boolean refusesUnreadable() {
    return blockUnreadable && input.values().stream().anyMatch(a -> a == Action.REDACT || a == Action.BLOCK);
  }

  /** True when some input scanner runs. */
  public boolean checksInput() {
    return input.values().stream().anyMatch(a -> a != Action.OFF);
  }

  /** The input scanners for one call, which all of its passes read through, waiting as long as their work takes. */
  public CallScanners forCall() {
    return forCall(Deadline.NONE);
  }

  /**
   * The input scanners for one call that can wait only until {@code deadline}: a scan that cannot finish by then
   * throws ({@link Tally#scan}) rather than pass a text it did not read.
   */
  public CallScanners forCall(Deadline deadline) {
    return new CallScanners(this, deadline);
  }

  /** True when some check of the answer runs. */
  public boolean checksOutput() {
    return outputPii != Action.OFF || jsonSchema != Action.OFF;
  }
}
