package dev.apprentice.providers.http;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/** Reads how long an upstream asked us to wait: {@code retry-after-ms}, {@code Retry-After} seconds or HTTP date. */
public final class RetryAfter {

  private static final Duration MAX = Duration.ofMinutes(10);
  private static final Pattern PLAIN_NUMBER = Pattern.compile("[0-9]+(\\.[0-9]+)?");

  private RetryAfter() {}

  public static Duration parse(HttpHeaders headers) {
    var millis = headers.firstValue("retry-after-ms");
    if (millis.isPresent()) {
      Duration d = parseNumber(millis.get(), true);
      if (d != null) return d;
    }
    return headers.firstValue("retry-after").map(RetryAfter::parseValue).orElse(null);
  }

  /** Seconds (integer or decimal) or an RFC 1123 date (zero when it has passed); null when unreadable. */
  public static Duration parseValue(String value) {
    Duration seconds = parseNumber(value, false);
    if (seconds != null) return seconds;
    try {
      Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
      return until.isNegative() ? Duration.ZERO : min(until);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Digits, with a decimal fraction or not; null for anything else (a sign, an exponent, {@code Infinity}, a Java
   * suffix such as {@code 10d}, which {@link Double#parseDouble} would all take).
   */
  private static Duration parseNumber(String value, boolean millis) {
    String trimmed = value.trim();
    if (!PLAIN_NUMBER.matcher(trimmed).matches()) return null;
    double n = Double.parseDouble(trimmed);
    return min(Duration.ofMillis((long) (millis ? n : n * 1000)));
  }

  private static Duration min(Duration d) {
    return d.compareTo(MAX) > 0 ? MAX : d;
  }
}
