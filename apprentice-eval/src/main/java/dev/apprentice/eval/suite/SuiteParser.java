package dev.apprentice.eval.suite;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.apprentice.api.prompt.PromptRef;
import dev.apprentice.api.trace.TraceTagRules;
import dev.apprentice.eval.dataset.ColumnMapping;
import dev.apprentice.eval.metric.EvalMetrics;
import dev.apprentice.eval.suite.VariantSpec.MessageTemplate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses and checks a suite file (format: docs/evaluation.md). Every problem is reported at once, each with its
 * path ({@code variants[1].model: required}); unknown keys are refused.
 */
public final class SuiteParser {

  /** A key given twice is refused, not won by its last value. */
  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
  private static final Set<String> TOP = Set.of("name", "dataset", "defaults", "variants", "metrics", "concurrency",
      "budget_usd", "baseline", "seed", "pilot_items", "resamples");
  private static final Set<String> DEFAULTS = Set.of("system", "prompt", "messages", "parameters");
  private static final Set<String> DATASET = Set.of("path", "format", "columns", "name", "limit", "sample");
  private static final Set<String> COLUMNS = Set.of("input", "reference", "label", "context_ids");
  private static final Set<String> VARIANT = Set.of("name", "model", "system", "prompt", "messages", "parameters");
  private static final Set<String> MESSAGE = Set.of("role", "content");
  private static final Set<String> METRIC = Set.of("name", "metric", "settings", "threshold", "weight",
      "min_pass_rate", "higher_is_better", "scale");

  private SuiteParser() {}

  /** The suite in this YAML text; throws {@link SuiteException} listing every problem. */
  public static Suite parse(String yaml) {
    JsonNode root;
    try (JsonParser parser = YAML.createParser(yaml)) {
      root = YAML.readTree(parser);
      if (root != null && parser.nextToken() != null) {
        // a second document (after `---`) would be ignored, with whatever it sets and any typo in it
        throw new SuiteException(List.of("not valid YAML at line " + parser.currentLocation().getLineNr()
            + ": a suite is one YAML document; remove the `---` and merge what follows it into the first"));
      }
    } catch (JsonProcessingException e) {
      throw new SuiteException(List.of(YamlErrors.describe(e)));
    } catch (IOException e) {
      throw new SuiteException(List.of("not valid YAML: " + e.getMessage()));
    }
    List<String> problems = new ArrayList<>();
    Fields top = new Fields(root, "", problems, TOP);
    String name = top.text("name", false);
    DatasetSpec dataset = dataset(new Fields(top.get("dataset"), "dataset", problems, DATASET), problems);
    if (top.get("dataset") == null) problems.add("dataset: required");
    JsonNode defaults = top.get("defaults");
    new Fields(defaults, "defaults", problems, DEFAULTS);
    List<VariantSpec> variants = new ArrayList<>();
    List<JsonNode> variantNodes = top.list("variants", true);
    for (int i = 0; i < variantNodes.size(); i++) {
      variants.add(variant(withDefaults(variantNodes.get(i), defaults), "variants[" + i + "]", problems));
    }
    List<MetricSpec> metrics = new ArrayList<>();
    List<JsonNode> metricNodes = top.list("metrics", true);
    for (int i = 0; i < metricNodes.size(); i++) metrics.add(metric(metricNodes.get(i), "metrics[" + i + "]", problems));
    unique(variants.stream().map(VariantSpec::name).toList(), "variants", problems);
    unique(metrics.stream().map(MetricSpec::name).toList(), "metrics", problems);
    if (variantNodes.isEmpty() && top.get("variants") != null) problems.add("variants: needs at least one variant");
    if (metricNodes.isEmpty() && top.get("metrics") != null) problems.add("metrics: needs at least one metric");
    String named = top.text("baseline", false);
    String baseline = named != null ? named : variants.isEmpty() ? null : variants.getFirst().name();
    if (named != null && variants.stream().noneMatch(v -> named.equals(v.name()))) {
      problems.add("baseline: no variant is named '" + named + "'");
    }
    Double budget = top.number("budget_usd");
    if (budget != null && !(Double.isFinite(budget) && budget >= 0)) {
      problems.add("budget_usd: must be a number of dollars, 0 or more");
    }
    Suite suite = new Suite(name == null ? "suite" : name, dataset, variants, metrics, top.integer("concurrency", 4, 1),
        budget, baseline, top.integer("seed", 42, 0), top.integer("pilot_items", 3, 0),
        top.integer("resamples", 2000, 100));
    if (!problems.isEmpty()) throw new SuiteException(problems);
    return suite;
  }

  private static DatasetSpec dataset(Fields f, List<String> problems) {
    String path = f.text("path", false);
    String stored = f.text("name", false);
    String format = f.text("format", false);
    if (f.get("path") == null && f.get("name") == null && problems.stream().noneMatch(p -> p.startsWith("dataset:"))) {
      problems.add("dataset: needs a path (a JSONL or CSV file) or a name (a stored dataset)");
    }
    if (format != null && !format.equals("jsonl") && !format.equals("csv")) {
      problems.add("dataset.format: must be jsonl or csv, not '" + format + "'");
    }
    if (f.get("path") != null && f.get("name") != null) {
      problems.add("dataset: give path (a file) or name (a stored dataset), not both");
    } else if (f.get("name") != null) {
      // a stored dataset's items have their input and expected value: there is no file to read or map
      for (String fileOnly : List.of("format", "columns")) {
        if (f.get(fileOnly) != null) problems.add(f.at(fileOnly) + ": only for a file (path), not a stored dataset (name)");
      }
    }
    Fields c = new Fields(f.get("columns"), "dataset.columns", problems, COLUMNS);
    ColumnMapping columns = new ColumnMapping(c.text("input", false), c.text("reference", false),
        c.text("label", false), c.text("context_ids", false));
    Integer limit = f.get("limit") == null ? null : f.integer("limit", 0, 1);
    Integer sample = f.get("sample") == null ? null : f.integer("sample", 0, 1);
    if (limit != null && sample != null) problems.add("dataset: give limit or sample, not both");
    return new DatasetSpec(path, format, columns, stored, limit, sample);
  }

  /**
   * The variant with the suite's {@code defaults} under it: a variant's own prompt (system, prompt or messages)
   * replaces the default prompt as a whole, and its parameters override the default parameters one by one.
   */
  private static JsonNode withDefaults(JsonNode variant, JsonNode defaults) {
    if (defaults == null || !defaults.isObject() || variant == null || !variant.isObject()) return variant;
    com.fasterxml.jackson.databind.node.ObjectNode merged = variant.deepCopy();
    boolean ownPrompt = variant.has("system") || variant.has("prompt") || variant.has("messages");
    if (!ownPrompt) {
      for (String key : List.of("system", "prompt", "messages")) if (defaults.has(key)) merged.set(key, defaults.get(key));
    }
    if (defaults.get("parameters") != null && defaults.get("parameters").isObject()) {
      com.fasterxml.jackson.databind.node.ObjectNode parameters = defaults.get("parameters").deepCopy();
      if (variant.get("parameters") != null && variant.get("parameters").isObject()) {
        parameters.setAll((com.fasterxml.jackson.databind.node.ObjectNode) variant.get("parameters"));
      }
      merged.set("parameters", parameters);
    }
    return merged;
  }

  /**
   * A variant's name tags each of its calls' traces ({@code eval, <run id>, <variant>} in {@code x-apprentice-tags}),
   * so it must be a tag the gateway keeps as it is ({@link TraceTagRules}): a name with a comma would be two tags, one
   * over 128 characters or with a control or format character is refused by a server (400) and not kept in process,
   * and one with spaces or tabs around it would be kept trimmed.
   */
  private static void tagProblem(String name, String at, List<String> problems) {
    TraceTagRules.Problem problem = TraceTagRules.problem(name);
    if (name.isBlank()) {
      problems.add(at + ": must not be blank");
    } else if (name.indexOf(',') >= 0) {
      problems.add(at + ": must not hold a comma (the name tags each call's trace, and tags are comma-separated)");
    } else if (problem == TraceTagRules.Problem.TOO_LONG) {
      problems.add(at + ": at most " + TraceTagRules.MAX_LENGTH + " characters (the name tags each call's trace)");
    } else if (problem == TraceTagRules.Problem.HIDDEN_CHARACTER) {
      problems.add(at + ": must not hold a control or format character (the name tags each call's trace)");
    } else if (!TraceTagRules.trimmed(name).equals(name)) {
      problems.add(at + ": must not start or end with blanks (the name tags each call's trace, trimmed)");
    }
  }

  private static VariantSpec variant(JsonNode node, String path, List<String> problems) {
    Fields f = new Fields(node, path, problems, VARIANT);
    String name = f.text("name", true);
    if (name != null) tagProblem(name, path + ".name", problems);
    String model = f.text("model", true);
    List<MessageTemplate> messages = new ArrayList<>();
    List<JsonNode> listed = f.list("messages", false);
    if (!listed.isEmpty() && (f.get("system") != null || f.get("prompt") != null)) {
      problems.add(path + ": give either messages or system/prompt, not both");
    }
    for (int i = 0; i < listed.size(); i++) {
      Fields m = new Fields(listed.get(i), path + ".messages[" + i + "]", problems, MESSAGE);
      String role = m.text("role", true);
      if (role != null && !Set.of("system", "developer", "user", "assistant").contains(role)) {
        problems.add(path + ".messages[" + i + "].role: must be system, developer, user or assistant");
      }
      messages.add(new MessageTemplate(role, m.text("content", true)));
    }
    if (listed.isEmpty()) {
      String system = f.text("system", false);
      if (system != null) messages.add(new MessageTemplate("system", system));
      String prompt = f.text("prompt", false);
      // a registered prompt (model prompt:NAME) is the whole prompt: no default user message after its own
      if (prompt != null || !PromptRef.isPromptModel(model)) {
        messages.add(new MessageTemplate("user", prompt == null ? "{{input}}" : prompt));
      }
    }
    return new VariantSpec(name, model, messages, f.map("parameters"));
  }

  private static MetricSpec metric(JsonNode node, String path, List<String> problems) {
    Fields f = new Fields(node, path, problems, METRIC);
    String name = f.text("name", true);
    String metric = f.text("metric", false);
    String registryName = metric != null ? metric : name;
    // a number too large for a double (1e999) reads as infinity: an infinite scale makes every drop 0 of it, and an
    // infinite threshold passes or fails every item, so each is refused as a value that would switch a check off
    Double weight = f.number("weight");
    if (weight != null && weight < 0) problems.add(path + ".weight: must not be negative");
    if (weight != null && weight == Double.POSITIVE_INFINITY) {
      problems.add(path + ".weight: must be a finite number, 0 or more, not Infinity");
    }
    Double minPassRate = f.number("min_pass_rate");
    if (minPassRate != null && (minPassRate < 0 || minPassRate > 1)) problems.add(path + ".min_pass_rate: must be in [0, 1]");
    Double threshold = f.number("threshold");
    if (threshold != null && threshold.isInfinite()) {
      problems.add(path + ".threshold: must be a finite number, not " + threshold);
    }
    if (minPassRate != null && threshold == null) problems.add(path + ".min_pass_rate: needs a threshold");
    Boolean higher = f.bool("higher_is_better");
    Double scale = f.number("scale");
    if (scale != null && scale <= 0) problems.add(path + ".scale: must be above 0");
    if (scale != null && scale == Double.POSITIVE_INFINITY) {
      problems.add(path + ".scale: must be a finite number above 0, not Infinity");
    }
    String base = registryName == null ? "" : registryName;
    return new MetricSpec(name, registryName, f.map("settings"), threshold, weight == null ? 1 : weight, minPassRate,
        higher != null ? higher : EvalMetrics.higherIsBetter(base), scale != null ? scale : EvalMetrics.scaleOf(base));
  }

  private static void unique(List<String> names, String path, List<String> problems) {
    Set<String> seen = new HashSet<>();
    for (String n : names) if (n != null && !seen.add(n)) problems.add(path + ": the name '" + n + "' is used twice");
  }
}
