package dev.apprentice.eval.client;

/** A call that did not produce an answer: the gateway's error (with its code), or a transport failure. */
public final class ChatFailure extends RuntimeException {

  private final String code;
  private final String traceId;

  public ChatFailure(String code, String message, String traceId) {
    super(message);
    this.code = code;
    this.traceId = traceId;
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
