package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * How the human tables write values: times in UTC to the second, dollars, a dash for none. Public for the tables of
 * other command groups ({@code guard list}, {@code eval list}), so that every table writes a time the same way.
 */
public final class Cells {

  static final String NONE = "-";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private Cells() {}

  /** A field's text, or a dash when it is missing or null. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? NONE : value.asText();
  }

  /** An ISO instant as {@code 2026-11-23 08:00:12} (UTC). */
  static String time(JsonNode node, String field) {
    String value = text(node, field);
    return value.equals(NONE) ? NONE : time(value);
  }

  /** An ISO instant's text as {@code 2026-11-23 08:00:12} (UTC); text that is not one as it is. */
  public static String time(String iso) {
    try {
      return time(Instant.parse(iso));
    } catch (DateTimeParseException e) {
      return iso;
    }
  }

  /** An instant as {@code 2026-11-23 08:00:12} (UTC); a dash for none. */
  public static String time(Instant instant) {
    return instant == null ? NONE : TIME.format(instant);
  }

  static String usd(double amount) {
    return String.format(Locale.ROOT, "$%.6f", amount);
  }

  static String millis(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? NONE : String.format(Locale.ROOT, "%.0f ms", value.asDouble());
  }

  /** A count field as {@link #count(long)} writes it ({@code 3,080}); a dash when it is missing or null. */
  static String count(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? NONE : count(value.asLong());
  }

  /** A count with thousands separators ({@code 3,080}), as every count the CLI prints is written. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A count and its noun, singular for one: {@code 1 item}, {@code 10,003 items}. */
  static String count(long n, String noun) {
    return count(n) + " " + noun + (n == 1 ? "" : "s");
  }
}
