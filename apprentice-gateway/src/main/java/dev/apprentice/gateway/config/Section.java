package dev.apprentice.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one YAML mapping of the config, remembering its path. Every accessor names the keys it accepts, reports
 * a bad value with its exact path and falls back to the default, so one pass collects all problems; {@link #finish()}
 * then reports the keys nobody asked for.
 */
final class Section {

  static final long MAX_MILLIS = 7L * 24 * 60 * 60 * 1000;

  private final ObjectNode node;
  private final String path;
  private final Problems problems;
  private final Set<String> accepted = new LinkedHashSet<>();
  private final Set<String> rejected = new HashSet<>();

  private Section(ObjectNode node, String path, Problems problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
  }

  /** The top of the document; an empty document reads as an empty mapping. */
  static Section root(JsonNode document, Problems problems) {
    return of(document, "", problems);
  }

  private static Section of(JsonNode value, String path, Problems problems) {
    if (value instanceof ObjectNode object) {
      return new Section(object, path, problems);
    }
    if (value != null && !value.isNull() && !value.isMissingNode()) {
      problems.add(path, "expected a mapping, got " + Scalars.describe(value));
    }
    return new Section(JsonNodeFactory.instance.objectNode(), path, problems);
  }

  String path() {
    return path;
  }

  Problems problems() {
    return problems;
  }

  String pathOf(String key) {
    return Problems.child(path, key);
  }

  /** Whether the key is present with a non-null value (marks the key as accepted). */
  boolean has(String key) {
    accepted.add(key);
    JsonNode value = node.get(key);
    return value != null && !value.isNull();
  }

  /** The nested mapping under {@code key}; empty when absent. Call {@link #finish()} on it when done. */
  Section section(String key) {
    accepted.add(key);
    return of(node.get(key), pathOf(key), problems);
  }

  /**
   * A mapping of named entries ({@code providers}, {@code models}, {@code tenants}) in file order. A name that is
   * blank, begins or ends with blanks (what a client sends would never match it), or holds a {@code ${VAR}} (names
   * are not interpolated: it would be kept as written), is reported and its entry left out.
   */
  Map<String, Section> entries(String key) {
    Section outer = section(key);
    Map<String, Section> entries = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : outer.node.properties()) {
      String name = field.getKey();
      if (name.isBlank()) {
        // at a path of its own: one at the section's would hide every other problem under it
        problems.add(outer.pathOf("'" + name + "'"), "a name must not be empty");
      } else if (!name.equals(name.strip())) {
        // quoted, so the path shows the blanks: a client sends the name without them, and would never match it
        problems.add(outer.pathOf("'" + name + "'"), "a name must not begin or end with blanks (write '"
            + name.strip() + "')");
      } else if (name.contains("${")) {
        problems.add(outer.pathOf(name), "a name is not interpolated (only values are): write the name itself");
      } else {
        entries.put(name, of(field.getValue(), outer.pathOf(name), problems));
      }
    }
    return entries;
  }

  /** A list of mappings; each element reads as its own section with an indexed path. */
  List<Section> list(String key) {
    accepted.add(key);
    JsonNode value = node.get(key);
    List<Section> elements = new ArrayList<>();
    if (value == null || value.isNull()) {
      return elements;
    }
    if (!value.isArray()) {
      problems.add(pathOf(key), "expected a list, got " + Scalars.describe(value));
      return elements;
    }
    for (int i = 0; i < value.size(); i++) {
      elements.add(of(value.get(i), Problems.element(pathOf(key), i), problems));
    }
    return elements;
  }

  /**
   * A string as the file spells it: a bare YAML 1.1 word such as {@code NO} (Norway), {@code on} or {@code yes} stays
   * that word, not {@code false} or {@code true}.
   */
  String string(String key, String fallback) {
    JsonNode value = value(key);
    if (value == null) {
      return fallback;
    }
    if (!value.isValueNode()) {
      problems.add(pathOf(key), "expected a string, got " + Scalars.describe(value));
      return fallback;
    }
    return Scalars.written(value);
  }

  /**
   * The value as YAML 1.1 reads it, where a bare yes, on, no or off is a switch: {@code true} or {@code false}
   * (a scanner's action, whose off may be written no).
   */
  String switchOrString(String key, String fallback) {
    String text = string(key, fallback);
    JsonNode value = value(key);
    return value != null && value.isBoolean() ? value.asText() : text;
  }

  /** The value of {@code key} quoted as the file spells it ({@code 'yes'} for a bare yes), for a message. */
  String described(String key) {
    JsonNode value = node.get(key);
    return value == null ? "nothing" : Scalars.describe(value);
  }

  /** A required, non-blank string; reports and answers "" when missing. */
  String requiredString(String key) {
    String text = string(key, null);
    if (text == null) {
      problems.add(pathOf(key), "is required");
      return "";
    }
    if (text.isBlank()) {
      problems.add(pathOf(key), "must not be empty");
    }
    return text;
  }

  /** One of the allowed words, reported as {@code unknown WHAT 'x' (known: a, b)}, with the closest if one is close. */
  String choice(String key, String fallback, Collection<String> allowed, String what) {
    String text = string(key, null);
    if (text == null) {
      return fallback;
    }
    JsonNode raw = value(key);
    if (raw.isBoolean()) { // YAML 1.1 reads a bare off/on (and no/yes) as a boolean
      String word = raw.booleanValue() ? "on" : "off";
      if (allowed.contains(word)) return word;
    }
    if (!allowed.contains(text)) {
      problems.add(pathOf(key), "unknown " + what + " " + Scalars.describe(raw) + " (known: "
          + String.join(", ", allowed) + ")" + Suggestions.hint(text, allowed));
      return fallback;
    }
    return text;
  }

  int integer(String key, int fallback, int min, int max) {
    return (int) whole(key, fallback, min, max);
  }

  long whole(String key, long fallback, long min, long max) {
    JsonNode value = value(key);
    if (value == null) {
      return fallback;
    }
    Long parsed = Scalars.wholeNumber(value);
    if (parsed == null || parsed < min || parsed > max) {
      problems.add(pathOf(key), "expected " + Scalars.wholeRange(min, max) + ", got " + Scalars.describe(value));
      return fallback;
    }
    return parsed;
  }

  /** An optional whole number with no range (a seed); null when absent. */
  Long optionalWhole(String key) {
    return has(key) ? whole(key, 0, Long.MIN_VALUE, Long.MAX_VALUE) : null;
  }

  /** A number in [min, max], or (min, max] when {@code minExclusive}. */
  double number(String key, double fallback, double min, boolean minExclusive, double max) {
    JsonNode value = value(key);
    if (value == null) {
      return fallback;
    }
    Double parsed = Scalars.decimal(value);
    boolean inRange = parsed != null && (minExclusive ? parsed > min : parsed >= min) && parsed <= max;
    if (!inRange) {
      problems.add(pathOf(key),
          "expected " + Scalars.decimalRange(min, minExclusive, max) + ", got " + Scalars.describe(value));
      return fallback;
    }
    return parsed;
  }

  /** {@code true} or {@code false}; also as text, which is what {@code ${ENV}} interpolation gives. */
  boolean bool(String key, boolean fallback) {
    JsonNode value = value(key);
    if (value == null) {
      return fallback;
    }
    if (value.isTextual() && (value.asText().equals("true") || value.asText().equals("false"))) {
      return value.asText().equals("true");
    }
    if (!value.isBoolean()) {
      problems.add(pathOf(key), "expected true or false, got " + Scalars.describe(value));
      return fallback;
    }
    return value.booleanValue();
  }

  /** An optional positive whole number (a limit); null when absent. */
  Integer optionalCount(String key) {
    return has(key) ? integer(key, 1, 1, Integer.MAX_VALUE) : null;
  }

  /** An optional non-negative number; null when absent. */
  Double optionalAmount(String key) {
    return has(key) ? number(key, 0, 0, false, Double.MAX_VALUE) : null;
  }

  /**
   * A {@code *_ms} duration of at least {@code minMillis} and at most a week (every one of them is a wait inside a
   * call or a pause of a target; a larger one would overflow the nanosecond deadlines it becomes).
   */
  Duration millis(String key, long fallbackMillis, long minMillis) {
    JsonNode value = value(key);
    if (value == null) {
      return Duration.ofMillis(fallbackMillis);
    }
    Long parsed = Scalars.wholeNumber(value);
    if (parsed == null || parsed < minMillis || parsed > MAX_MILLIS) {
      String expected = (minMillis > 0 ? "a positive number of milliseconds" : "a non-negative number of milliseconds")
          + " up to " + MAX_MILLIS + " (7 days)";
      problems.add(pathOf(key), "expected " + expected + ", got " + Scalars.describe(value));
      return Duration.ofMillis(fallbackMillis);
    }
    return Duration.ofMillis(parsed);
  }

  /**
   * A duration written with a unit ({@code 90s}, {@code 30m}, {@code 1h}, {@code 7d}) or as whole seconds; at least one
   * second.
   */
  Duration duration(String key, Duration fallback) {
    JsonNode value = value(key);
    if (value == null) {
      return fallback;
    }
    Duration parsed = Scalars.duration(value);
    if (parsed == null || parsed.compareTo(Duration.ofSeconds(1)) < 0) {
      problems.add(pathOf(key), "expected a duration such as 90s, 30m, 1h or 7d, got " + Scalars.describe(value));
      return fallback;
    }
    return parsed;
  }

  /**
   * An http(s) URL an HTTP client can call, {@code fallback} when absent. Reported as {@code expected an http(s)
   * URL EXAMPLE, got '...'} (its credentials masked), saying so when it is the host that no client can use (missing,
   * or a name with '_').
   */
  String httpUrl(String key, String fallback, String example) {
    String text = string(key, null);
    if (text == null) return fallback;
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      uri = null;
    }
    String scheme = uri == null ? null : uri.getScheme();
    boolean http = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
    if (!http || uri.getHost() == null) {
      problems.add(pathOf(key), "expected an http(s) URL" + example + ", got '" + SecretMask.url(text) + "'" + (http
          ? ": its host is missing or not a valid host name (letters, digits, '-' and '.'; '_' is not allowed)" : ""));
    }
    return text;
  }

  /** A list of strings (scalars); {@code fallback} when absent, and after a problem. */
  List<String> strings(String key, List<String> fallback) {
    JsonNode value = value(key);
    if (value == null) return fallback;
    if (!value.isArray()) {
      problems.add(pathOf(key), "expected a list of strings, got " + Scalars.describe(value));
      return fallback;
    }
    List<String> result = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      if (!item.isValueNode() || item.isNull()) {
        problems.add(Problems.element(pathOf(key), i), "expected a string, got " + Scalars.describe(item));
        return fallback;
      }
      result.add(Scalars.written(item));
    }
    return result;
  }

  /** A mapping of string to string (HTTP headers), in file order. */
  Map<String, String> stringMap(String key) {
    Section inner = section(key);
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : inner.node.properties()) {
      JsonNode value = field.getValue();
      if (value.isValueNode() && !value.isNull()) {
        result.put(field.getKey(), Scalars.written(value));
      } else {
        problems.add(inner.pathOf(field.getKey()), "expected a string, got " + Scalars.describe(value));
      }
    }
    return result;
  }

  /** Rejects keys that exist in the schema but not here, e.g. simulator options on an openai provider. */
  void reject(Collection<String> keys, String reason) {
    for (String key : keys) {
      rejected.add(key);
      if (node.has(key)) {
        problems.add(pathOf(key), reason);
      }
    }
  }

  /** Accepts keys without reading them, when an earlier problem makes their meaning unknown. */
  void ignore(Collection<String> keys) {
    rejected.addAll(keys);
  }

  /** Reports every key that no accessor asked for, suggesting the closest accepted key. */
  void finish() {
    for (String key : node.properties().stream().map(Map.Entry::getKey).toList()) {
      if (!accepted.contains(key) && !rejected.contains(key)) {
        problems.add(pathOf(key), "unknown key" + Suggestions.hint(key, accepted));
      }
    }
  }

  private JsonNode value(String key) {
    accepted.add(key);
    JsonNode value = node.get(key);
    return value == null || value.isNull() ? null : value;
  }
}
