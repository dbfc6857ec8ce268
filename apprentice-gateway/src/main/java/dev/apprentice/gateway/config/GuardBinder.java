package dev.apprentice.gateway.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code guard:} blocks, top level and per model; a model's block overrides the default field by field. */
final class GuardBinder {

  static final LayeredBlock<GuardSettings> BLOCK = new LayeredBlock<>("guard", GuardSettings.defaults(), GuardBinder::read);

  private static final Set<String> REGIONS = Set.of(Locale.getISOCountries());
  private static final Pattern DETECTOR_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  private GuardBinder() {}

  private static GuardSettings read(Section block, GuardSettings base) {
    Section in = block.section("input");
    Map<String, GuardAction> input = actions(in, GuardSettings.INPUT_SCANNERS, base.input());
    boolean blockUnreadable = in.choice("unreadable", base.blockUnreadable() ? "block" : "allow",
        GuardSettings.UNREADABLE_ACTIONS, "unreadable content action").equals("block");
    in.finish();
    Section out = block.section("output");
    Map<String, GuardAction> output = actions(out, GuardSettings.OUTPUT_SCANNERS, base.output());
    boolean retry = out.bool("json_schema_retry", base.jsonSchemaRetry());
    int holdback = out.integer("stream_holdback_chars", base.streamHoldbackChars(),
        GuardSettings.MIN_STREAM_HOLDBACK_CHARS, 1_048_576);
    if (output.get("json_schema") == GuardAction.REDACT) {
      out.problems().add(out.pathOf("json_schema"),
          "json_schema cannot redact: an answer that fails its schema has nothing to take out (use off, flag or block)");
    }
    out.finish();
    Section pii = block.section("pii");
    List<String> entities = entities(pii, base.piiEntities());
    List<String> regions = regions(pii, base.phoneRegions());
    double piiThreshold = pii.number("threshold", base.piiThreshold(), 0, true, 1);
    pii.finish();
    Section secrets = block.section("secrets");
    double secretsThreshold = secrets.number("threshold", base.secretsThreshold(), 0, true, 1);
    secrets.finish();
    Section injection = block.section("injection");
    double injectionThreshold = injection.number("threshold", base.injectionThreshold(), 0, true, 1);
    String detector = injection.string("detector", base.injectionDetector());
    if (!DETECTOR_NAME.matcher(detector).matches()) {
      injection.problems().add(injection.pathOf("detector"), "expected 'default' or the name of a detector trained with"
          + " 'apprentice guard train' (a-z, 0-9, '_' and '-'), got '" + detector + "'");
      detector = base.injectionDetector();
    }
    int maxChars = (int) injection.whole("max_chars", base.injectionMaxChars(), 1_000, 8L * 1024 * 1024);
    // never below one text's limit: a max_chars raised alone raises the call's budget with it
    int perCall = (int) injection.whole("max_chars_per_call", Math.max(base.injectionMaxCharsPerCall(), maxChars),
        1_000, 64L * 1024 * 1024);
    if (perCall < maxChars) {
      injection.problems().add(injection.pathOf("max_chars_per_call"), "must be at least max_chars (" + maxChars
          + "): one text may use the whole budget of its call, got " + perCall);
      perCall = maxChars;
    }
    injection.finish();
    if (input.get("injection") == GuardAction.REDACT) {
      in.problems().add(in.pathOf("injection"),
          "injection cannot redact: an injected instruction has no value to put back (use off, flag or block)");
    }
    return new GuardSettings(input, output, retry, blockUnreadable, entities, regions, piiThreshold, secretsThreshold,
        injectionThreshold, detector, maxChars, perCall, holdback);
  }

  private static Map<String, GuardAction> actions(Section s, List<String> scanners, Map<String, GuardAction> base) {
    Map<String, GuardAction> actions = new LinkedHashMap<>();
    for (String scanner : scanners) {
      String text = s.switchOrString(scanner, base.get(scanner).configName());
      if (text.equals("false")) text = GuardAction.OFF.configName(); // YAML 1.1 reads a bare `off` as false
      GuardAction action = base.get(scanner);
      if (GuardAction.configNames().contains(text)) {
        action = GuardAction.parse(text);
      } else {
        s.problems().add(s.pathOf(scanner), "unknown guard action " + s.described(scanner) + " (known: "
            + String.join(", ", GuardAction.configNames()) + ")" + (text.equals("true")
            ? "; YAML reads it as true, and a scanner is turned on by what it does: flag, redact or block" : ""));
      }
      actions.put(scanner, action);
    }
    return actions;
  }

  private static List<String> entities(Section pii, List<String> base) {
    List<String> entities = pii.strings("entities", base);
    for (int i = 0; i < entities.size(); i++) {
      if (!GuardSettings.PII_ENTITIES.contains(entities.get(i))) {
        pii.problems().add(Problems.element(pii.pathOf("entities"), i), "unknown PII type '" + entities.get(i)
            + "' (known: " + String.join(", ", GuardSettings.PII_ENTITIES) + ")");
        return base;
      }
    }
    if (entities.isEmpty()) pii.problems().add(pii.pathOf("entities"), "must name at least one PII type");
    return entities.isEmpty() ? base : entities;
  }

  private static List<String> regions(Section pii, List<String> base) {
    List<String> regions = pii.strings("phone_regions", base);
    for (int i = 0; i < regions.size(); i++) {
      if (!REGIONS.contains(regions.get(i))) {
        pii.problems().add(Problems.element(pii.pathOf("phone_regions"), i),
            "expected an ISO 3166 two-letter region code such as US or GB, got '" + regions.get(i) + "'");
        return base;
      }
    }
    if (regions.isEmpty()) pii.problems().add(pii.pathOf("phone_regions"), "must name at least one region");
    return regions.isEmpty() ? base : regions;
  }
}
