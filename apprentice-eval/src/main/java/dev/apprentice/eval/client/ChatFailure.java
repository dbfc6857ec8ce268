package dev.apprentice.eval.client;

import java.time.Duration;

/**
 * A call that did not produce an answer: the gateway's error (with its code and HTTP status), or a transport failure.
 */
public final class ChatFailure extends RuntimeException {

  private final String code;
  private final String traceId;
  private final int status;
  private final Duration retryAfter;

  /** A failure without an HTTP error status (no answer, or an answer that is no chat completion). */
  public ChatFailure(String code, String message, String traceId) {
    this(code, message, traceId, 0);
  }

  /** @param status the HTTP status of the gateway's error answer ({@code 400} for a request it refused) */
  public ChatFailure(String code, String message, String traceId, int status) {
    this(code, message, traceId, status, null);
  }

  /**
   * @param retryAfter how long the gateway asked the client to wait before trying again ({@code Retry-After}, e.g. on
   *                   a rate limit's refusal); null when it asked for nothing
   */
  public ChatFailure(String code, String message, String traceId, int status, Duration retryAfter) {
    super(message);
    this.code = code;
    this.traceId = traceId;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  /** How long the gateway asked to wait before the call is tried again; null when it did not say. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** The HTTP status of the gateway's error answer; 0 when there was none. */
  public int status() {
    return status;
  }

  /** The error code ({@code rate_limit_exceeded}, {@code upstream_error}, {@code transport}...). */
  public String code() {
    return code;
  }

  /** The trace id of the failed call, when the gateway gave one. */
  public String traceId() {
    return traceId;
  }
}
