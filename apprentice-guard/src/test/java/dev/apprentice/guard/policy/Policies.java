package dev.apprentice.guard.policy;

import dev.apprentice.guard.pii.PiiScanner;
import dev.apprentice.guard.secrets.SecretScanner;
import java.util.LinkedHashMap;
import java.util.Map;

/** Policies for guard tests: PII and secrets scanners with their default settings. */
final class Policies {

  private Policies() {}

  static GuardPolicy input(Action pii, Action secrets) {
    Map<String, Action> input = new LinkedHashMap<>();
    input.put("pii", pii);
    input.put("secrets", secrets);
    return new GuardPolicy(input, Action.OFF, Action.OFF, false,
        Map.of("pii", new PiiScanner(), "secrets", new SecretScanner()));
  }

  static GuardPolicy output(Action inputPii, Action outputPii, Action jsonSchema, boolean retry) {
    return new GuardPolicy(Map.of("pii", inputPii), outputPii, jsonSchema, retry, Map.of("pii", new PiiScanner()));
  }

  /** Answers read for personal data and secrets with these actions; requests read by no scanner. */
  static GuardPolicy answers(Action pii, Action secrets) {
    Map<String, Action> output = new LinkedHashMap<>();
    output.put("pii", pii);
    output.put("secrets", secrets);
    return new GuardPolicy(Map.of(), output, Action.OFF, false, false,
        Map.of("pii", new PiiScanner(), "secrets", new SecretScanner()));
  }
}
