package dev.apprentice.server.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code since} value: a span back from now ({@code 30m}, {@code 1h}, {@code 7d}), an ISO-8601 instant
 * ({@code 2026-11-23T08:00:00Z}) or a UTC day ({@code 2026-11-23}).
 */
public final class Since {

  private static final Pattern SPAN = Pattern.compile("(\\d{1,9})([smhdw])");

  /** The years a call can carry (stored as epoch milliseconds, which hold ±292 million years, no further). */
  private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

  private Since() {}

  /** The instant, or an IllegalArgumentException whose message says what is accepted. */
  public static Instant parse(String text, Clock clock) {
    String value = text.strip();
    Matcher span = SPAN.matcher(value);
    if (span.matches()) {
      long n = Long.parseLong(span.group(1));
      Duration back = switch (span.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofDays(7 * n);
      };
      // a span of up to 999,999,999 weeks reaches some 19 million years back: the same bound as a written instant
      return bounded(clock.instant().minus(back), text);
    }
    Instant at;
    try {
      at = value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : instant(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("expected a span such as 30m, 1h or 7d, a day such as 2026-11-23, or an "
          + "ISO-8601 instant; got '" + text + "'");
    }
    return bounded(at, text);
  }

  /**
   * Why the window from {@code since} up to, not including, {@code until} holds no instant ({@code until} not later
   * than {@code since}: swapped ends, or one day given as both), in the words of a caller that names them
   * {@code sinceName} and {@code untilName}; null when it is a window, or when either end is open.
   */
  public static String windowProblem(String sinceName, Instant since, String untilName, Instant until) {
    if (since == null || until == null || until.isAfter(since)) return null;
    return untilName + " (" + until + ") must be later than " + sinceName + " (" + since + "): calls are taken from "
        + sinceName + " up to, not including, " + untilName + ", so a whole day D is " + sinceName + " D "
        + untilName + " D+1";
  }

  /**
   * An ISO-8601 time with its offset: {@code 2026-11-23T08:00:00Z}, also without seconds ({@code 2026-11-23T08:00Z},
   * {@code 2026-11-23T09:00+01:00}), which ISO-8601 allows and {@link Instant#parse} alone refuses.
   */
  private static Instant instant(String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      return OffsetDateTime.parse(value).toInstant();
    }
  }

  private static Instant bounded(Instant at, String text) {
    if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
      throw new IllegalArgumentException("expected an instant between years 0 and 9999; got '" + text + "'");
    }
    return at;
  }
}
