package dev.apprentice.eval.dataset;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON and CSV parsers' size limits (Jackson's {@code StreamReadConstraints}: a text value of at most 20,000,000
 * characters, numbers of 1,000 digits, nesting 1,000 levels deep) said as limits, with the limit, rather than as the
 * parser's complaint about its own settings, which reads like bad syntax.
 */
public final class SizeLimits {

  private static final Pattern LIMIT = Pattern.compile(
      "(String value length|Number value length|Name length|Document nesting depth) \\((\\d+)\\) exceeds the maximum"
          + " allowed \\((\\d+)");
  private static final Map<String, String> WHAT = Map.of("String value length", "a text value of %s characters",
      "Number value length", "a number of %s digits", "Name length", "a field name of %s characters",
      "Document nesting depth", "values nested %s levels deep");

  private SizeLimits() {}

  /** The limit {@code failure} (or one of its causes) ran into, in words; null when it is not a size limit. */
  public static String describe(Throwable failure) {
    for (Throwable e = failure; e != null; e = e.getCause()) {
      if (e instanceof StreamConstraintsException limit) return said(limit.getOriginalMessage());
    }
    return null;
  }

  private static String said(String message) {
    String text = message == null ? "" : message.lines().findFirst().orElse("");
    Matcher m = LIMIT.matcher(text);
    if (!m.find()) return "over a size limit of the parser: " + text.replaceAll(",? from `[^`]*`", "");
    return "over the size limit: " + WHAT.get(m.group(1)).formatted(m.group(2)) + " (at most " + m.group(3) + ")";
  }
}
