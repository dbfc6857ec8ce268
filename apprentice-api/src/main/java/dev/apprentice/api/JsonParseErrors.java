package dev.apprentice.api;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON parser's complaints in plain words for whoever sent the JSON (a request body, a line of a JSON Lines file):
 * what is wrong, without the parser's feature flags ({@code JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS}), limit
 * getters ({@code StreamReadConstraints}), source clause or token type names ({@code VALUE_STRING}), none of which
 * a client can act on.
 */
public final class JsonParseErrors {

  private record Rule(Pattern pattern, String replacement) {}

  private static final List<Rule> RULES = List.of(
      rule("Non-standard token '([^']*)'.*", "$1 is not a JSON number"),
      rule(".*does not allow numbers to have plus signs.*", "a JSON number cannot start with '+'"),
      rule(".*maybe a \\(non-standard\\) comment\\?.*", "comments are not allowed in JSON"),
      rule("Document nesting depth \\(\\d+\\) exceeds the maximum allowed \\((\\d+).*", "nested deeper than $1 levels"),
      rule("Number value length \\(\\d+\\) exceeds the maximum allowed \\((\\d+).*", "a number longer than $1 characters"),
      rule("String value length \\(\\d+\\) exceeds the maximum allowed \\((\\d+).*", "a string longer than $1 characters"),
      rule("Name length \\(\\d+\\) exceeds the maximum allowed \\((\\d+).*", "a field name longer than $1 characters"),
      rule("Document length \\(\\d+\\) exceeds the maximum allowed \\((\\d+).*", "longer than $1 characters"),
      rule("Token count \\(\\d+\\) exceeds the maximum allowed \\((\\d+).*", "more than $1 JSON tokens"),
      rule("Trailing token .*", "unexpected content after the end of the JSON value"));

  private static final Map<String, String> TOKENS = Map.of(
      "VALUE_STRING", "a string", "FIELD_NAME", "a field name", "VALUE_NUMBER_INT", "a number",
      "VALUE_NUMBER_FLOAT", "a number", "START_OBJECT", "an object", "START_ARRAY", "an array",
      "VALUE_TRUE", "true", "VALUE_FALSE", "false", "VALUE_NULL", "null");
  private static final Pattern TOKEN = Pattern.compile("\\b(" + String.join("|", TOKENS.keySet()) + ")\\b");
  /** What is left of the parser's own vocabulary once the rules above have run: a clause naming a setting. */
  private static final Pattern SETTING = Pattern.compile(
      ";? ?(: enable|, from|\\(but might if|\\(not recognized as one since) [^)]*`[^`]*`[^)]*\\)?"
      + "|:? ?\\(?enable `[^`]*` to allow\\)?|\\(?(since )?Feature '[A-Z_]+' (is )?not enabled[^)]*\\)?");
  /** Where the parser says it read from, when it is told not to show what it read ({@code [Source: REDACTED ...}). */
  private static final String SOURCE = "[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); ";

  private JsonParseErrors() {}

  /** The first line of the parser's {@code message} (its original message, without the location) in plain words. */
  public static String plain(String message) {
    if (message == null) return "";
    message = message.replace(SOURCE, "[");
    int cut = message.indexOf('\n');
    if (cut > 0) message = message.substring(0, cut);
    for (Rule rule : RULES) {
      Matcher m = rule.pattern().matcher(message);
      if (m.matches()) return m.replaceFirst(rule.replacement());
    }
    String text = SETTING.matcher(message).replaceAll("");
    Matcher token = TOKEN.matcher(text);
    return token.replaceAll(match -> TOKENS.get(match.group(1))).strip();
  }

  private static Rule rule(String pattern, String replacement) {
    return new Rule(Pattern.compile(pattern, Pattern.DOTALL), replacement);
  }
}
