package dev.apprentice.server.access;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.store.StoreException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Reads of the key table, and what a store that does not answer them means for a call: no key can be checked, so
 * the call is refused (fail closed) with 503 {@code store_unavailable} and a {@code Retry-After}, never a 500 with a
 * stack trace. The log says it once as a spell of failed reads begins (with its cause), at most once a minute while
 * it lasts, and once as it ends — never a line per call.
 */
final class KeyReads {

  /** What a refused call is told to wait before it tries again. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private static final System.Logger LOG = System.getLogger(Keys.class.getName());
  private static final long SUMMARY_GAP_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final String REFUSAL = "The gateway cannot check API keys: its store does not answer (GET /ready "
      + "and the server log say why). Try again later.";

  private final LongSupplier nanos;
  /** The failure of the spell under way, or null while reads succeed; guarded by this. */
  private String failure;
  private long since;
  private long lastSummary;
  private long refused;
  /** True while {@link #failure} is set: read without the lock. */
  private volatile boolean failing;

  /** @param nanos a monotonic clock in nanoseconds */
  KeyReads(LongSupplier nanos) {
    this.nanos = nanos;
  }

  /** The answer of {@code query}; a store failure is the 503 every call gets while no key can be read. */
  <T> T read(Supplier<T> query) {
    T answer;
    try {
      answer = query.get();
    } catch (StoreException e) {
      failed(e);
      throw new GatewayException(ErrorCode.STORE_UNAVAILABLE, REFUSAL, null, RETRY_AFTER);
    }
    succeeded();
    return answer;
  }

  private synchronized void failed(StoreException e) {
    long now = nanos.getAsLong();
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (failure == null) {
      failure = message;
      failing = true;
      since = now;
      lastSummary = now;
      refused = 1;
      LOG.log(Level.ERROR, "cannot read API keys: " + message + "; model calls (and admin calls with a generated admin"
          + " key) are refused with 503 store_unavailable until the store answers again", e);
      return;
    }
    failure = message;
    refused++;
    if (now - lastSummary >= SUMMARY_GAP_NANOS) {
      lastSummary = now;
      LOG.log(Level.WARNING, "API keys still cannot be read after " + TimeUnit.NANOSECONDS.toSeconds(now - since)
          + " s: " + message + "; " + refused + " calls refused since it began");
    }
  }

  private void succeeded() {
    if (!failing) return; // the hot path: no lock while reads succeed
    synchronized (this) {
      if (failure == null) return;
      failure = null;
      failing = false;
      LOG.log(Level.WARNING, "API keys are read again after "
          + TimeUnit.NANOSECONDS.toSeconds(nanos.getAsLong() - since) + " s of failed reads; " + refused
          + " calls were refused meanwhile");
    }
  }
}
