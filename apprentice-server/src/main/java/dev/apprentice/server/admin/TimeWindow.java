package dev.apprentice.server.admin;

import dev.apprentice.api.GatewayException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The {@code since} and {@code until} of an admin request (either null: an open end), read on one instant of the
 * clock, so that {@code since=1h&until=1h} is one instant and no window.
 */
record TimeWindow(Instant since, Instant until) {

  /**
   * The window {@code since} and {@code until} name ({@link Since#parse}; null: not given): a 400 naming the one that
   * does not read, or naming {@code until} when the window holds no instant ({@link Since#windowProblem}).
   */
  static TimeWindow of(String since, String until, Clock clock) {
    Clock now = Clock.fixed(clock.instant(), ZoneOffset.UTC);
    TimeWindow window = new TimeWindow(instant("since", since, now), instant("until", until, now));
    String problem = Since.windowProblem("since", window.since, "until", window.until);
    if (problem != null) throw GatewayException.invalid("until", problem);
    return window;
  }

  /** The instant {@code text} names, as the parameter {@code param}; a 400 naming it when it does not read. */
  static Instant instant(String param, String text, Clock clock) {
    if (text == null) return null;
    try {
      return Since.parse(text, clock);
    } catch (IllegalArgumentException e) {
      throw GatewayException.invalid(param, param + ": " + e.getMessage());
    }
  }
}
