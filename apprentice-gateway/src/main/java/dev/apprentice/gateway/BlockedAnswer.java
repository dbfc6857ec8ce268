package dev.apprentice.gateway;

import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;

/**
 * A call refused after the upstream answered (an output guardrail blocked the answer, or failed on it, or the stream
 * broke off while a guardrail still held all of it back): the client gets the error, while the accounting still
 * charges the answer's usage, which was spent.
 */
public final class BlockedAnswer extends GatewayException {

  private final transient ChatResponse answer;

  public BlockedAnswer(ErrorCode code, String message, ChatResponse answer) {
    super(code, message);
    this.answer = answer;
  }

  /** {@code told} as it is (code, message, param, retry-after, wire code), carrying the answer to charge. */
  public BlockedAnswer(GatewayException told, ChatResponse answer) {
    super(told.code(), told.getMessage(), told.param(), told.retryAfter(), told.wireCode());
    this.answer = answer;
  }

  /** The refused answer as the upstream sent it, with its usage. */
  public ChatResponse answer() {
    return answer;
  }
}
