package dev.apprentice.guard.policy;

import dev.apprentice.api.Deadline;
import dev.apprentice.guard.Scanner;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model's guardrails: an action per input scanner (run in map order), the actions on the answer, and the
 * scanners by name. The answer is read for values by the scanners named in {@link #output} ({@link #VALUE_SCANNERS}).
 *
 * @param input           action per input scanner name
 * @param output          action per scanner that reads the answer for values the caller did not send ({@code pii}:
 *                        personal data, {@code secrets}: keys and tokens), run in map order
 * @param jsonSchema      what to do when the answer fails the JSON schema its request asked for (never REDACT)
 * @param jsonSchemaRetry ask once more when the answer fails its schema, before acting
 * @param blockUnreadable refuse a request holding content the input scanners cannot read ({@code UnreadableParts}:
 *                        a PDF, an image or audio sent as data, a {@code file_id}), when some input scanner redacts or
 *                        blocks ({@link #refusesUnreadable})
 * @param scanners        every scanner an action above needs, by name
 */
public record GuardPolicy(Map<String, Action> input, Map<String, Action> output, Action jsonSchema,
    boolean jsonSchemaRetry, boolean blockUnreadable, Map<String, Scanner> scanners) {

  /** The scanners that may read an answer for values, in the order they run. */
  public static final List<String> VALUE_SCANNERS = List.of("pii", "secrets");

  public GuardPolicy {
    input = Collections.unmodifiableMap(new LinkedHashMap<>(input));
    output = ordered(output);
    scanners = Map.copyOf(scanners);
    if (jsonSchema == Action.REDACT) throw new IllegalArgumentException("json_schema cannot redact");
    for (Map.Entry<String, Action> e : input.entrySet()) {
      if (e.getValue() != Action.OFF && !scanners.containsKey(e.getKey())) {
        throw new IllegalArgumentException("no scanner named " + e.getKey());
      }
    }
    for (Map.Entry<String, Action> e : output.entrySet()) {
      if (e.getValue() != Action.OFF && !scanners.containsKey(e.getKey())) {
        throw new IllegalArgumentException("no " + e.getKey() + " scanner");
      }
    }
  }

  /** A policy whose answers are read for personal data only ({@code outputPii}), not for secrets. */
  public GuardPolicy(Map<String, Action> input, Action outputPii, Action jsonSchema, boolean jsonSchemaRetry,
      boolean blockUnreadable, Map<String, Scanner> scanners) {
    this(input, Map.of("pii", outputPii), jsonSchema, jsonSchemaRetry, blockUnreadable, scanners);
  }

  /** A policy that lets content its scanners cannot read through, unread, and reads answers for personal data only. */
  public GuardPolicy(Map<String, Action> input, Action outputPii, Action jsonSchema, boolean jsonSchemaRetry,
      Map<String, Scanner> scanners) {
    this(input, outputPii, jsonSchema, jsonSchemaRetry, false, scanners);
  }

  /** What to do with personal data in the answer that the caller did not send. */
  public Action outputPii() {
    return output.get("pii");
  }

  /** What to do with a secret in the answer that the caller did not send. */
  public Action outputSecrets() {
    return output.get("secrets");
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

  /**
   * True when a value scanner of the answer takes values out of it or refuses it ({@code redact} or {@code block}): an
   * answer it cannot read, spoken audio, would go past it.
   */
  public boolean withholdsAnswerValues() {
    return output.values().stream().anyMatch(a -> a == Action.REDACT || a == Action.BLOCK);
  }

  /** True when some check of the answer runs. */
  public boolean checksOutput() {
    return jsonSchema != Action.OFF || output.values().stream().anyMatch(a -> a != Action.OFF);
  }

  /** One action per value scanner, in their order, those not given off; any other name is refused. */
  private static Map<String, Action> ordered(Map<String, Action> given) {
    for (String name : given.keySet()) {
      if (!VALUE_SCANNERS.contains(name)) throw new IllegalArgumentException("no output scanner named " + name);
    }
    Map<String, Action> actions = new LinkedHashMap<>();
    for (String name : VALUE_SCANNERS) actions.put(name, given.getOrDefault(name, Action.OFF));
    return Collections.unmodifiableMap(actions);
  }
}
