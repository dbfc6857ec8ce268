package dev.apprentice.gateway;

import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.trace.AttemptRecord;
import dev.apprentice.gateway.routing.Target;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * One upstream attempt of a call, as recorded for headers, traces and error messages.
 *
 * @param target       the provider and upstream model tried
 * @param failure      the failure kind, or null when the attempt succeeded
 * @param status       the upstream HTTP status, 0 when none
 * @param latencyNanos time from sending to the answer (streams: to the first token, also when the attempt held its
 *                     opening on past it, {@link OpeningHold})
 * @param requestSent  false when the attempt failed before its request left the gateway
 *                     ({@link ProviderException#requestSent()}): nothing was asked of the upstream
 * @param answered     the call took this attempt's answer, which is booked at what the upstream sent: true when it
 *                     succeeded, and when its stream broke off after the call took it but before anything of it went
 *                     out ({@link #brokeOff}), which records the failure as the outcome
 * @param brokenOpening what the upstream had sent of a stream that broke off while its attempt held the opening
 *                     ({@link OpeningHold}), for which the attempt is booked; null for any other attempt
 * @param startNanos   when the attempt began ({@link System#nanoTime()}), {@link #UNTIMED} when that is not known
 */
public record Attempt(Target target, ProviderException.Kind failure, int status, String message, long latencyNanos,
    boolean requestSent, boolean answered, ChatResponse brokenOpening, long startNanos) {

  /** The {@link #startNanos} of an attempt whose start is not known: its trace says no start. */
  public static final long UNTIMED = Long.MIN_VALUE;

  /**
   * The ways an attempt ends without an answer the gateway could use although the upstream had its request and no
   * error answer came back: it was given up (its try's limit, the first-token limit, the call's deadline), abandoned
   * (the client left) or its answer could not be read. The upstream processed the prompt, and bills it.
   */
  private static final Set<ProviderException.Kind> UNANSWERED_BUT_SENT = Set.of(ProviderException.Kind.TIMEOUT,
      ProviderException.Kind.CANCELLED, ProviderException.Kind.BAD_RESPONSE);

  /** An attempt whose request was sent. */
  public Attempt(Target target, ProviderException.Kind failure, int status, String message, long latencyNanos) {
    this(target, failure, status, message, latencyNanos, true);
  }

  /** An attempt that was answered when it succeeded, its start not known. */
  public Attempt(Target target, ProviderException.Kind failure, int status, String message, long latencyNanos,
      boolean requestSent) {
    this(target, failure, status, message, latencyNanos, requestSent, failure == null, null, UNTIMED);
  }

  /** A try that began at {@code startNanos} and answered with {@code status} after {@code latencyNanos}. */
  static Attempt answered(Target target, int status, long startNanos, long latencyNanos) {
    return new Attempt(target, null, status, null, latencyNanos, true, true, null, startNanos);
  }

  /**
   * A try that failed with {@code e} after {@code latencyNanos}; one whose stream broke off while its opening was held
   * keeps what the upstream had sent. Its status is the failure's own, else {@code answered}, the 2xx its upstream's
   * answer had begun with (0: none) when the gateway gave it up after that (a stream with no first token in time, or
   * that ended before it). It began at {@code startNanos}.
   */
  static Attempt failed(Target target, ProviderException e, long startNanos, long latencyNanos, int answered) {
    ChatResponse opening = e instanceof BrokenOpening broken ? broken.opening() : null;
    int status = e.status() != 0 ? e.status() : answered;
    return new Attempt(target, e.kind(), status, e.getMessage(), latencyNanos, e.requestSent(), false, opening,
        startNanos);
  }

  /**
   * This answered attempt, its stream broken off by {@code failure} before anything of it reached the client: recorded
   * with the outcome of a stream that failed before its first chunk, and still booked at what the upstream sent.
   */
  public Attempt brokeOff(ProviderException failure) {
    return new Attempt(target, failure.kind(), failure.status(), failure.getMessage(), latencyNanos, requestSent, true,
        null, startNanos);
  }

  public boolean succeeded() {
    return failure == null;
  }

  /**
   * True when this attempt brought no usable answer although its request was sent and the upstream answered no error
   * status: a provider bills such an attempt's prompt (a 4xx or 5xx error answer it does not bill, and a request never
   * sent costs nothing). A connection lost after a 2xx status arrived (before a stream's first chunk, or in the body of
   * a whole answer) counts too: the upstream had accepted the request and was processing it. A connection that failed
   * before any status (status 0) does not: the gateway cannot tell whether the request reached the upstream. A stream
   * that broke off while its attempt held its opening ({@link #brokenOpening}) always does: the upstream had answered.
   */
  public boolean givenUpAfterSending() {
    if (answered || !requestSent) return false;
    if (brokenOpening != null) return true;
    if (failure == ProviderException.Kind.CONNECTION) return status / 100 == 2;
    return (status == 0 || status / 100 == 2) && UNANSWERED_BUT_SENT.contains(failure);
  }

  /**
   * The attempts as a trace records them, numbered from 0, each with what it is booked at (the entry of
   * {@code bookings} at its index, or nothing where there is none) and when it began after the call's start,
   * {@code callStartNanos} ({@link System#nanoTime()}).
   */
  public static List<AttemptRecord> records(List<Attempt> attempts, List<Booking> bookings, long callStartNanos) {
    List<AttemptRecord> out = new ArrayList<>(attempts.size());
    for (int i = 0; i < attempts.size(); i++) {
      Attempt a = attempts.get(i);
      Booking booked = i < bookings.size() ? bookings.get(i) : Booking.NOTHING;
      String outcome = a.succeeded() ? "ok" : a.failure().name().toLowerCase(Locale.ROOT);
      out.add(new AttemptRecord(i, a.target().provider().name(), a.target().upstreamModel(),
          a.latencyNanos() / 1_000_000.0, outcome, a.status(), a.message(), booked.inputTokens(),
          booked.outputTokens(), booked.costUsd(), booked.estimated(), a.startedMs(callStartNanos)));
    }
    return out;
  }

  /** How long after {@code callStartNanos} this attempt began, in milliseconds; null when its start is not known. */
  private Double startedMs(long callStartNanos) {
    return startNanos == UNTIMED ? null : Math.max(0, startNanos - callStartNanos) / 1_000_000.0;
  }

  /**
   * The index of the last attempt that was answered (the one whose answer served the call, or broke off before it
   * went out), or -1 when none was.
   */
  public static int lastAnswered(List<Attempt> attempts) {
    for (int i = attempts.size() - 1; i >= 0; i--) {
      if (attempts.get(i).answered()) return i;
    }
    return -1;
  }

  /**
   * What each of a call's attempts is booked at, in order: {@code answer} on the last that was answered (when
   * {@code answer} is null, or none was, on none), {@code givenUp} of its index for each attempt given up after
   * its request was sent ({@link #givenUpAfterSending}), {@link Booking#NOTHING} for the rest.
   */
  public static List<Booking> bookings(List<Attempt> attempts, Booking answer, IntFunction<Booking> givenUp) {
    List<Booking> bookings = new ArrayList<>(Collections.nCopies(attempts.size(), Booking.NOTHING));
    int answered = answer == null ? -1 : lastAnswered(attempts);
    if (answered >= 0) bookings.set(answered, answer);
    for (int i = 0; i < attempts.size(); i++) {
      if (attempts.get(i).givenUpAfterSending()) bookings.set(i, givenUp.apply(i));
    }
    return bookings;
  }

  /**
   * The sum of what the attempts given up after sending are booked at in {@code bookings} (as {@link #bookings} made
   * them), marked estimated; {@link Booking#NOTHING} when none was given up.
   */
  public static Booking givenUpTotal(List<Attempt> attempts, List<Booking> bookings) {
    long input = 0;
    long output = 0; // the text a stream sent before it broke off in its opening
    double usd = 0;
    boolean any = false;
    for (int i = 0; i < attempts.size(); i++) {
      if (!attempts.get(i).givenUpAfterSending()) continue;
      input += bookings.get(i).inputTokens();
      output += bookings.get(i).outputTokens();
      usd += bookings.get(i).costUsd();
      any = true;
    }
    return any ? new Booking(clamp(input), clamp(output), usd, true) : Booking.NOTHING;
  }

  private static int clamp(long tokens) {
    return (int) Math.min(Integer.MAX_VALUE, tokens);
  }

  /**
   * What one attempt is booked at.
   *
   * @param estimated true when its tokens were counted locally
   */
  public record Booking(int inputTokens, int outputTokens, double costUsd, boolean estimated) {
    public static final Booking NOTHING = new Booking(0, 0, 0, false);
  }

  /** One line for an error summary: {@code openai/gpt-4o: RATE_LIMITED (HTTP 429) ...}. */
  public String summary() {
    if (succeeded()) return target.id() + ": ok";
    return target.id() + ": " + failure + (status > 0 ? " (HTTP " + status + ")" : "") + (message == null ? "" : " " + message);
  }
}
