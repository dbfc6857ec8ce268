package dev.apprentice.guard.policy;

import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.trace.GuardVerdict;
import java.util.List;

/**
 * What the output guard decided about one answer.
 *
 * @param forCaller      the answer the caller gets: the input's placeholders restored, one-way PII placeholders kept
 * @param forTrace       the answer a trace may keep: neither the input's originals nor redacted output PII
 * @param verdicts       one verdict per check that ran
 * @param blockedMessage the 422 message when a {@code block} check failed, else null
 * @param retry          the answer failed its JSON schema and the policy asks for one more attempt
 */
public record OutputCheck(ChatResponse forCaller, ChatResponse forTrace, List<GuardVerdict> verdicts,
    String blockedMessage, boolean retry) {

  public OutputCheck {
    verdicts = List.copyOf(verdicts);
  }

  public boolean blocked() {
    return blockedMessage != null;
  }
}
