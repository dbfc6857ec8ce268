package dev.apprentice.server.guard;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ProviderException;
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.OpeningHold;
import dev.apprentice.guard.chat.OpeningBrokeOff;
import dev.apprentice.guard.chat.RedactingStream;
import dev.apprentice.guard.policy.InputCheck;
import dev.apprentice.guard.policy.OutputGuard;
import dev.apprentice.guard.policy.StreamRedaction;
import dev.apprentice.guard.redact.StreamBlocked;
import dev.apprentice.guard.redact.StreamRedactionFailed;

/**
 * The output guard's read ahead of a stream's opening (a {@code block} scanner), done first inside each attempt
 * ({@link Call#holdOpening}): a redaction of its own, which goes nowhere, reads the opening on until some of its text
 * would go out, so that an upstream failing meanwhile fails the attempt, which the model's routing then retries or
 * fails over, nothing having reached the client. What it judged is the guard's to judge again, over the same chunks
 * the attempt then hands over: a value refused, or a pass that failed, stops the read here and is answered there
 * ({@link GuardStep}); the redaction is made alike for both, so they stop at the same chunk.
 */
final class GuardedOpening implements OpeningHold {

  private final Call call;
  private final OutputGuard output;
  private final InputCheck in;

  GuardedOpening(Call call, OutputGuard output, InputCheck in) {
    this.call = call;
    this.output = output;
    this.in = in;
  }

  @Override
  public void readOn(ChatChunk first, ChunkStream rest) throws ProviderException {
    // made when the attempt is: retrieval, after the guard's step, has put its passages on the call by then
    StreamRedaction trial = output.streamRedaction(in, GuardStep.passages(call));
    if (trial == null || !trial.refuses() || call.cancelled()) return;
    try {
      new RedactingStream(rest, trial).redactOpening(first, () -> !call.cancelled(), chunk -> {});
    } catch (OpeningBrokeOff broke) {
      throw broke.failure();
    } catch (StreamBlocked | StreamRedactionFailed judged) {
      // the guard's own pass over the chunks read finds the same, and answers it: no failure of the upstream's
    }
  }
}
