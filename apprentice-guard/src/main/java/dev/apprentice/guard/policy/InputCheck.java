package dev.apprentice.guard.policy;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.guard.redact.RedactionSession;
import java.util.List;

/**
 * What the input guard decided about one request.
 *
 * @param upstream       the request to send on: the client's, or its redacted copy
 * @param session        the placeholders handed out, to restore the answer with; null when nothing was redacted
 * @param verdicts       one verdict per scanner that ran, in order
 * @param blockedMessage the 422 message when a {@code block} scanner found something, else null
 * @param blockedParam   the part the 422 names when content the guard cannot read refused the request
 *                       ({@code messages[2].content[1]}), else null
 * @param forTrace       the request a trace should capture instead of the client's (redacted), or null
 * @param callerText     every text the client sent, joined: the answer's PII check skips values found here
 */
public record InputCheck(ChatRequest upstream, RedactionSession session, List<GuardVerdict> verdicts,
    String blockedMessage, String blockedParam, ChatRequest forTrace, String callerText) {

  public InputCheck {
    verdicts = List.copyOf(verdicts);
  }

  public boolean blocked() {
    return blockedMessage != null;
  }

  /** True when the upstream sees placeholders that the answer must be restored from. */
  public boolean redacted() {
    return session != null;
  }
}
