package dev.apprentice.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * Scalar conversions for config values. Numbers may arrive as YAML numbers or as strings (every interpolated
 * {@code ${VAR}} is a string), so both are accepted.
 */
final class Scalars {

  private Scalars() {}

  static Long wholeNumber(JsonNode value) {
    if (value.isIntegralNumber()) {
      return value.canConvertToLong() ? value.longValue() : null;
    }
    if (value.isTextual()) {
      try {
        return Long.parseLong(value.asText().trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  static Double decimal(JsonNode value) {
    double parsed;
    if (value.isNumber()) {
      parsed = value.doubleValue();
    } else if (value.isTextual()) {
      try {
        parsed = new BigDecimal(value.asText().trim()).doubleValue();
      } catch (NumberFormatException e) {
        return null;
      }
    } else {
      return null;
    }
    return Double.isFinite(parsed) ? parsed : null;
  }

  private static final java.util.regex.Pattern DURATION = java.util.regex.Pattern.compile("(\\d{1,9})\\s*([smhd]?)");

  /** {@code 90s}, {@code 30m}, {@code 1h}, {@code 7d}, or a whole number of seconds; null when unreadable. */
  static java.time.Duration duration(JsonNode value) {
    Long seconds = wholeNumber(value);
    if (seconds != null) {
      return seconds < 0 ? null : java.time.Duration.ofSeconds(seconds);
    }
    if (!value.isTextual()) return null;
    var m = DURATION.matcher(value.asText().trim().toLowerCase(java.util.Locale.ROOT));
    if (!m.matches()) return null;
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "m" -> java.time.Duration.ofMinutes(amount);
      case "h" -> java.time.Duration.ofHours(amount);
      case "d" -> java.time.Duration.ofDays(amount);
      default -> java.time.Duration.ofSeconds(amount);
    };
  }

  /** How a wrong value is shown in a problem: scalars quoted, containers by kind. */
  static String describe(JsonNode value) {
    if (value.isObject()) {
      return "a mapping";
    }
    if (value.isArray()) {
      return "a list";
    }
    return "'" + written(value) + "'";
  }

  /** A scalar as the file spells it: a bare {@code yes} (read as true) stays yes, {@code 0123} (octal 83) 0123. */
  static String written(JsonNode value) {
    return value instanceof YamlBoolean word ? word.written()
        : value instanceof WrittenNumber number ? number.written() : value.asText();
  }

  static String wholeRange(long min, long max) {
    if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
      return "an integer";
    }
    if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE) {
      return min == 0 ? "a non-negative integer" : min == 1 ? "a positive integer" : "an integer >= " + min;
    }
    return "an integer between " + min + " and " + max;
  }

  static String decimalRange(double min, boolean minExclusive, double max) {
    if (max == Double.MAX_VALUE) {
      if (min == 0) {
        return minExclusive ? "a number greater than 0" : "a non-negative number";
      }
      return "a number " + (minExclusive ? "> " : ">= ") + format(min);
    }
    return "a number between " + format(min) + " and " + format(max);
  }

  static String format(double number) {
    return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
  }
}
