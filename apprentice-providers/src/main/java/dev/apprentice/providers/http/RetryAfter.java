package dev.apprentice.providers.http;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Reads how long an upstream asked us to wait: {@code retry-after-ms}, {@code Retry-After} seconds or HTTP date. */
public final class RetryAfter {

  private static final Duration MAX = Duration.ofMinutes(10);

  private RetryAfter() {}

  public static Duration parse(HttpHeaders headers) {
    var millis = headers.firstValue("retry-after-ms");
    if (millis.isPresent()) {
      Duration d = parseNumber(millis.get(), true);
      if (d != null) return d;
    }
    return headers.firstValue("retry-after").map(RetryAfter::parseValue).orElse(null);
  }

  /** Seconds (integer or decimal) or an RFC 1123 date; null when unreadable or in the past. */
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

  private static Duration parseNumber(String value, boolean millis) {
    try {
      double n = Double.parseDouble(value.trim());
      if (n < 0 || Double.isNaN(n)) return null;
      return min(Duration.ofMillis((long) (millis ? n : n * 1000)));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Duration min(Duration d) {
    return d.compareTo(MAX) > 0 ? MAX : d;
  }
}
