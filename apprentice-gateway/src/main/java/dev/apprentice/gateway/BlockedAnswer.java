package dev.apprentice.gateway;

import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;

/**
 * A call refused after the upstream answered (an output guardrail blocked the answer): the client gets the error,
 * while the accounting still charges the answer's usage, which was spent.
 */
public final class BlockedAnswer extends GatewayException {

  private final transient ChatResponse answer;

  public BlockedAnswer(ErrorCode code, String message, ChatResponse answer) {
    super(code, message);
    this.answer = answer;
  }

  /** The refused answer as the upstream sent it, with its usage. */
  public ChatResponse answer() {
    return answer;
  }
}
