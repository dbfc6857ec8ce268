package dev.apprentice.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in every string value of the tree (the default applies when
 * VAR is unset or empty, and may itself hold placeholders; {@code $$} writes a literal {@code $}). An unset VAR without default is a problem at the
 * value's path, except under {@code api_key}, where it means "no key" and is a warning (a misspelt variable would
 * otherwise only show as the upstream's 401); {@code ${VAR:-}} says "no key" on purpose, without a warning.
 */
final class EnvInterpolator {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final String OPTIONAL_SECRET_KEY = "api_key";

  private final Map<String, String> env;
  private final Problems problems;

  EnvInterpolator(Map<String, String> env, Problems problems) {
    this.env = env;
    this.problems = problems;
  }

  void interpolate(JsonNode node, String path) {
    if (node instanceof ObjectNode object) {
      for (String key : object.properties().stream().map(Map.Entry::getKey).toList()) {
        JsonNode value = object.get(key);
        String childPath = Problems.child(path, key);
        if (value.isTextual()) {
          object.set(key, TextNode.valueOf(interpolated(value.asText(), childPath, key.equals(OPTIONAL_SECRET_KEY))));
        } else {
          interpolate(value, childPath);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        JsonNode value = array.get(i);
        String childPath = Problems.element(path, i);
        if (value.isTextual()) {
          array.set(i, TextNode.valueOf(interpolated(value.asText(), childPath, false)));
        } else {
          interpolate(value, childPath);
        }
      }
    }
  }

  /** The value with its placeholders replaced; the value unchanged after a problem was reported at its path. */
  private String interpolated(String text, String path, boolean unsetAllowed) {
    String resolved = resolve(text, path, unsetAllowed);
    return resolved == null ? text : resolved;
  }

  /** The text with its placeholders replaced; null after reporting a problem. */
  private String resolve(String text, String path, boolean unsetAllowed) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
      } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
        int end = closing(text, i + 2);
        if (end < 0) {
          // the value is not echoed: it may be a secret with a stray '${' in it
          problems.add(path, "unterminated '${' at character " + (i + 1) + " of the value");
          return null;
        }
        String replacement = substitute(text.substring(i + 2, end), path, unsetAllowed);
        if (replacement == null) {
          return null;
        }
        out.append(replacement);
        i = end + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** The index of the '}' closing a placeholder whose body starts at {@code from} (nested ones counted); -1 if none. */
  private static int closing(String text, int from) {
    int depth = 0;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
        i++;
      } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
        depth++;
        i++;
      } else if (c == '}') {
        if (depth == 0) return i;
        depth--;
      }
    }
    return -1;
  }

  /** The value of one placeholder body ({@code VAR} or {@code VAR:-default}); null after reporting a problem. */
  private String substitute(String body, String path, boolean unsetAllowed) {
    int separator = body.indexOf(":-");
    String name = separator < 0 ? body : body.substring(0, separator);
    if (!NAME.matcher(name).matches()) {
      problems.add(path, "invalid environment variable name '" + name + "' in '${" + body + "}'");
      return null;
    }
    String value = env.get(name);
    if (separator >= 0) {
      // the default may hold placeholders itself: ${DATA:-${HOME}/apprentice}
      return value == null || value.isEmpty() ? resolve(body.substring(separator + 2), path, unsetAllowed) : value;
    }
    if (value != null) {
      return value;
    }
    if (unsetAllowed) {
      problems.warn(path, "environment variable '" + name + "' is not set: this provider is called without an API key"
          + " (write ${" + name + ":-} if that is meant)");
      return "";
    }
    problems.add(path, "environment variable '" + name + "' is not set (use ${" + name + ":-default} for a fallback)");
    return null;
  }
}
