package dev.apprentice.eval.run;

import java.util.HashMap;
import java.util.Map;

/**
 * Each variant's item calls refused in a row for a rate limit ({@code rate_limit_exceeded}, after the waits
 * {@link ItemExecutor} makes), in the order they ended: any other result of the variant (an answer, a failure, a
 * refusal for a budget) starts its count again. Once a variant's count reaches {@link #limit}, the key refuses it
 * steadily rather than now and then, and each further item would only wait up to
 * {@link ItemExecutor#MAX_RATE_LIMIT_WAITED} to be refused too: the run starts no further item
 * ({@link TaskPool.Stop#RATE_LIMITED}). Counts start at 0 with each invocation: a resume, after the setup or the key's
 * limits changed, is not held to the refusals before it. Thread-safe.
 */
final class RateLimitStreaks {

  /** The fewest refusals in a row that stop a run, whatever its concurrency. */
  static final int MIN_REFUSED_IN_A_ROW = 20;
  /**
   * How many rounds of the suite's {@code concurrency} items must be refused in a row to stop a run: a burst that
   * refuses every call in flight at once (a minute's requests spent) is one round.
   */
  static final int ROUNDS_REFUSED_IN_A_ROW = 5;

  /** A variant's refusals in a row, {@code first} the earliest of them. */
  record Streak(ItemResult first, int length) {}

  private final int limit;
  private final Map<String, Streak> byVariant = new HashMap<>();
  private Streak reached;

  RateLimitStreaks(int concurrency) {
    this.limit = limit(concurrency);
  }

  /** How many item calls of a variant refused in a row for a rate limit stop a run of this {@code concurrency}. */
  static int limit(int concurrency) {
    return Math.max(MIN_REFUSED_IN_A_ROW, ROUNDS_REFUSED_IN_A_ROW * concurrency);
  }

  /** Counts a stored result of this invocation. */
  synchronized void ended(ItemResult result) {
    if (!result.refusedForRateLimit()) {
      byVariant.remove(result.variant());
      return;
    }
    Streak before = byVariant.get(result.variant());
    Streak now = before == null ? new Streak(result, 1) : new Streak(before.first(), before.length() + 1);
    byVariant.put(result.variant(), now);
    if (reached == null && now.length() >= limit) reached = now;
  }

  /** The first streak that reached the limit, as it was then; null while none has. */
  synchronized Streak reached() {
    return reached;
  }
}
