package dev.apprentice.api;

import java.time.Duration;

/**
 * An upstream failure, classified. The kind carries the routing decision: whether trying the same target again
 * can help, and whether the next target may.
 */
public class ProviderException extends Exception {

  /** What went wrong upstream, and what the router may do about it. */
  public enum Kind {
    RATE_LIMITED(true, true),
    OVERLOADED(true, true),
    SERVER_ERROR(true, true),
    TIMEOUT(true, true),
    CONNECTION(true, true),
    BAD_RESPONSE(true, true),
    /** The upstream refused this target's credentials (401, 403): a problem of this target only, not retried. */
    AUTHENTICATION(false, true),
    /**
     * This target's account cannot pay for the call (402, OpenAI's {@code insufficient_quota}, Anthropic's
     * {@code billing_error}): waiting will not help, another target may.
     */
    OUT_OF_CREDIT(false, true),
    /**
     * The upstream answered with a status that points at this target's configuration rather than the request: a
     * redirect (an {@code http://} base URL), 405, 409, 410 or another 4xx with no kind of its own. Not retried.
     */
    MISCONFIGURED(false, true),
    /**
     * The request is over a limit this target's account puts on one request (Groq's 413 {@code rate_limit_exceeded}:
     * more tokens than its tier allows in a minute): another target may serve it, this one never will, and the
     * target's health is not in question, so its circuit does not count it.
     */
    OVER_TARGET_LIMIT(false, true),
    NOT_FOUND(false, true),
    /** The request itself is invalid; another target would reject it too. */
    INVALID_REQUEST(false, false),
    CONTENT_FILTERED(false, false),
    /** The caller went away or the stream was closed: nothing to retry. */
    CANCELLED(false, false);

    private final boolean retriable;
    private final boolean fallbackAllowed;

    Kind(boolean retriable, boolean fallbackAllowed) {
      this.retriable = retriable;
      this.fallbackAllowed = fallbackAllowed;
    }

    public boolean retriable() {
      return retriable;
    }

    public boolean fallbackAllowed() {
      return fallbackAllowed;
    }
  }

  private final Kind kind;
  private final int status;
  private final Duration retryAfter;
  private final boolean requestSent;
  private final UpstreamError upstreamError;

  public ProviderException(Kind kind, int status, String message, Duration retryAfter, Throwable cause) {
    this(kind, status, message, retryAfter, cause, true, null);
  }

  /**
   * An error status the upstream answered, with what its body said ({@code upstreamError}, null when nothing
   * readable): relayed to the client when the request was at fault.
   */
  public static ProviderException answered(Kind kind, int status, String message, Duration retryAfter,
      UpstreamError upstreamError) {
    return new ProviderException(kind, status, message, retryAfter, null, true, upstreamError);
  }

  private ProviderException(Kind kind, int status, String message, Duration retryAfter, Throwable cause,
      boolean requestSent, UpstreamError upstreamError) {
    super(message, cause, false, false);
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
    this.requestSent = requestSent;
    this.upstreamError = upstreamError;
  }

  /**
   * A failure before the request left the gateway (its deadline had passed already): nothing was asked of the
   * upstream, so the failure says nothing about its health.
   */
  public static ProviderException notSent(Kind kind, String message) {
    return new ProviderException(kind, 0, message, null, null, false, null);
  }

  /**
   * {@code failure} as a subclass that says more of it: its kind, status, message, Retry-After, whether its request
   * was sent and what the upstream said, {@code failure} itself the cause.
   */
  protected ProviderException(ProviderException failure) {
    this(failure.kind, failure.status, failure.getMessage(), failure.retryAfter, failure, failure.requestSent,
        failure.upstreamError);
  }

  /**
   * {@code failure} as another {@code kind}, which the gateway made of it (a cancellation its own shutdown caused): its
   * status, message and whether its request was sent kept, {@code failure} itself the cause.
   */
  protected ProviderException(Kind kind, ProviderException failure) {
    this(kind, failure.status, failure.getMessage(), null, failure, failure.requestSent, null);
  }

  public ProviderException(Kind kind, int status, String message) {
    this(kind, status, message, null, null);
  }

  public ProviderException(Kind kind, String message, Throwable cause) {
    this(kind, 0, message, null, cause);
  }

  public Kind kind() {
    return kind;
  }

  /** The upstream HTTP status, or 0 when there was no HTTP answer. */
  public int status() {
    return status;
  }

  /** False when the request was never sent upstream ({@link #notSent}); true for every failure that came after. */
  public boolean requestSent() {
    return requestSent;
  }

  /** What the upstream's error body said (message, param, code), or null when it said nothing readable. */
  public UpstreamError upstreamError() {
    return upstreamError;
  }

  /** How long the upstream asked us to wait, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
