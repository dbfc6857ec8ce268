package dev.apprentice.cli.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code keys create --expires-in}: a whole number of days ({@code 90d}) or hours ({@code 12h}) from now. */
final class KeyExpiry {

  /** The longest lifetime a key can be given: a hundred years. */
  static final Duration LONGEST = Duration.ofDays(36_500);
  private static final Pattern SHAPE = Pattern.compile("([0-9]{1,9})([dh])");

  private KeyExpiry() {}

  /** The lifetime {@code text} names; a usage failure naming the option for anything else. */
  static Duration parse(String text) {
    Matcher m = SHAPE.matcher(text.strip());
    long amount = m.matches() ? Long.parseLong(m.group(1)) : 0;
    if (amount < 1) {
      throw AdminFailure.usage("--expires-in must be a whole number of days or hours, at least 1, such as 90d or 12h;"
          + " got '" + text + "'");
    }
    Duration lifetime = m.group(2).equals("d") ? Duration.ofDays(amount) : Duration.ofHours(amount);
    if (lifetime.compareTo(LONGEST) > 0) {
      throw AdminFailure.usage("--expires-in must be at most " + LONGEST.toDays() + "d (100 years); got '" + text
          + "'");
    }
    return lifetime;
  }

  /** The {@code expires_at} of a key living {@code lifetime} from {@code now}, in RFC 3339 (UTC, to the second). */
  static String from(Instant now, Duration lifetime) {
    return now.plus(lifetime).truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
