package dev.apprentice.server.guard;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Deadline;
import dev.apprentice.api.DeadlineExceededException;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.Message;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.guard.policy.InputCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Function;

/**
 * A model's input guard applied to the texts of a {@code /v1/embeddings} call, so that what must not leave the
 * building does not leave it through embeddings either: each input is scanned as a user turn; a {@code block}
 * finding refuses the call (422 {@code content_blocked}), a {@code redact} finding sends the input with placeholders
 * (there is nothing to restore in a vector, so the upstream embeds the redacted text), {@code flag} only records.
 */
public final class EmbeddingInputGuard {

  /** No model has a guard block. */
  public static final EmbeddingInputGuard NONE = new EmbeddingInputGuard(model -> null);

  /**
   * What the guard decided.
   *
   * @param inputs         the texts to send on (redacted where a scanner redacts); for a refused call, the texts with
   *                       everything found replaced by placeholders, which is all its trace may keep
   * @param verdicts       every scanner's verdict, for the trace
   * @param blockedMessage why the call is refused, or null
   * @param redacted       true when some input (or the user) was changed
   * @param user           the request's {@code user}, read like an input (redacted the same way)
   */
  public record Checked(List<String> inputs, List<GuardVerdict> verdicts, String blockedMessage, boolean redacted,
      String user) {}

  private final Function<String, GuardStep.Guard> guards;

  EmbeddingInputGuard(Function<String, GuardStep.Guard> guards) {
    this.guards = guards;
  }

  /** True when {@code model} has a guard, which reads the inputs as text. */
  public boolean guards(String model) {
    return guards.apply(model) != null;
  }

  /** As {@link #check(String, String, List, String, Deadline)}, waiting as long as the scanners take. */
  public Checked check(String traceId, String model, List<String> inputs, String user) {
    return check(traceId, model, inputs, user, Deadline.NONE);
  }

  /**
   * The inputs of a call to {@code model} checked by its guard; unchanged when it has none. A guard that fails is a
   * {@link GatewayException} (500 {@code internal_error} unless it threw its own), never an {@link Error}; one that
   * could not read the inputs before {@code deadline} throws {@link DeadlineExceededException} (which scanner, which
   * texts), or {@link CancellationException} once the client left, for the caller to answer: the inputs go nowhere.
   */
  public Checked check(String traceId, String model, List<String> inputs, String user, Deadline deadline) {
    GuardStep.Guard guard = guards.apply(model);
    if (guard == null) return new Checked(inputs, List.of(), null, false, user);
    List<Message> turns = new ArrayList<>(inputs.size());
    for (String input : inputs) turns.add(Message.user(input));
    ChatRequest asTurns = ChatRequest.builder().model(model).messages(turns).user(user).build();
    InputCheck in;
    try {
      in = guard.input().check(asTurns, guard.policy().forCall(deadline));
    } catch (DeadlineExceededException | CancellationException late) {
      throw late;
    } catch (Throwable failure) {
      throw GuardFailure.of(traceId, "input", failure);
    }
    if (in.blocked()) {
      return new Checked(texts(in.forTrace()), in.verdicts(), in.blockedMessage(), true, in.forTrace().user());
    }
    if (!in.redacted()) return new Checked(inputs, in.verdicts(), null, false, user);
    return new Checked(texts(in.upstream()), in.verdicts(), null, true, in.upstream().user());
  }

  private static List<String> texts(ChatRequest turns) {
    List<String> texts = new ArrayList<>(turns.messages().size());
    for (Message turn : turns.messages()) texts.add(turn.text());
    return texts;
  }
}
