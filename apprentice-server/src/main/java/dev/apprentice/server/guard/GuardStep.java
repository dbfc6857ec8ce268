package dev.apprentice.server.guard;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.Usage;
import dev.apprentice.api.retrieval.RetrievedChunk;
import dev.apprentice.gateway.BlockedAnswer;
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.Interceptor;
import dev.apprentice.gateway.Outcome;
import dev.apprentice.gateway.StreamBreak;
import dev.apprentice.gateway.accounting.StreamAssembler;
import dev.apprentice.guard.chat.OpeningBrokeOff;
import dev.apprentice.guard.chat.RedactingStream;
import dev.apprentice.guard.chat.RestoringStream;
import dev.apprentice.guard.policy.Action;
import dev.apprentice.guard.policy.GuardPolicy;
import dev.apprentice.guard.policy.InputCheck;
import dev.apprentice.guard.policy.InputGuard;
import dev.apprentice.guard.policy.OutputCheck;
import dev.apprentice.guard.policy.OutputGuard;
import dev.apprentice.guard.policy.StreamRedaction;
import dev.apprentice.guard.redact.StreamBlocked;
import dev.apprentice.guard.redact.StreamRedactionFailed;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The guardrails of a call, both directions. Before the upstream: the input scanners run, a block answers 422
 * {@code content_blocked}, a redaction sends placeholders on and makes the trace capture the redacted request. After:
 * the answer is restored for the caller and checked (PII and secrets neither the caller nor the retrieved passages
 * sent, the requested JSON schema, retried once when the policy says so); the trace captures the answer as the
 * upstream sent it, never the originals. A stream is redacted and restored chunk by chunk and checked once it has
 * ended (or, cut short, as its call ends); a value refused before any of its text went out answers 422 as an answer
 * not streamed does, and an upstream that failed by then fails its attempt, retried or failed over as one that failed
 * before its first token ({@link GuardedOpening}).
 * Every verdict is recorded on the call.
 */
public final class GuardStep implements Interceptor {

  /** One model's guardrails. */
  public record Guard(GuardPolicy policy, InputGuard input, OutputGuard output) {}

  private final Function<String, Guard> guards;
  private final ScannersOfCalls scanners;

  /** @param guards the guardrails of a model alias, or null for a model without any */
  public GuardStep(Function<String, Guard> guards) {
    this(guards, new ScannersOfCalls());
  }

  /** @param scanners each call's input scanners, shared with the check of its retrieved documents */
  GuardStep(Function<String, Guard> guards, ScannersOfCalls scanners) {
    this.guards = guards;
    this.scanners = scanners;
  }

  @Override
  public Outcome intercept(Chain chain) {
    Call call = chain.call();
    Guard guard = guards.apply(call.model());
    if (guard == null) return chain.proceed(chain.request());
    ChatRequest request = chain.request();
    if (request.asksForAudio() && guard.policy().withholdsAnswerValues()) {
      // spoken output holds the answer as audio, which no scanner reads: the check could not vouch for it
      throw GatewayException.invalid("modalities", "'modalities' asks for audio, which the output guard of model '"
          + call.model() + "' cannot read: it redacts or blocks values in answers (guard.output pii or secrets); "
          + "ask for text only");
    }
    InputCheck in = checkInput(call, guard, request, scanners);
    call.inputChecked();
    in.verdicts().forEach(call::verdict);
    if (in.forTrace() != null) call.captureRequestAs(in.forTrace());
    if (in.blocked()) {
      throw new GatewayException(ErrorCode.CONTENT_BLOCKED, in.blockedMessage(), in.blockedParam(), null);
    }
    // a block scanner reads a stream's opening ahead: first inside each attempt, so that a failure meanwhile fails over
    if (request.streaming() && guard.policy().output().containsValue(Action.BLOCK)) {
      call.holdOpening(new GuardedOpening(call, guard.output(), in));
    }
    Outcome outcome = chain.proceed(in.upstream());
    if (!in.redacted() && !guard.policy().checksOutput()) return outcome;
    return switch (outcome) {
      case Outcome.Complete complete -> complete(chain, guard, request, in, complete.response());
      case Outcome.Streaming streaming -> streaming(call, guard, request, in, streaming);
    };
  }

  /**
   * The input check. When it fails the trace keeps no request body: the client's holds what the guard was there to
   * take out (a value to redact, a secret to refuse), and the redacted form does not exist yet.
   */
  private static InputCheck checkInput(Call call, Guard guard, ChatRequest request, ScannersOfCalls scanners) {
    try {
      return guard.input().check(request, scanners.of(call, guard.policy()));
    } catch (Throwable failure) {
      call.withholdRequest();
      throw GuardFailure.of(call, "input", failure);
    }
  }

  /**
   * The output check of {@code answer}; when it fails the trace keeps no answer (it may hold what an output redaction
   * takes out), and the answer is charged ({@link #outputFailed}).
   *
   * @param answer what the upstream sent, to be charged should the check fail; null on a stream that has begun, whose
   *               accounting tallies what went by itself
   */
  static OutputCheck checkAnswer(Call call, ChatResponse answer, Supplier<OutputCheck> check) {
    try {
      return check.get();
    } catch (Throwable failure) {
      throw outputFailed(call, failure, answer);
    }
  }

  /**
   * What an output guardrail that failed becomes ({@link GuardFailure}), on an answer streamed or not; the trace then
   * keeps no answer (it may hold what an output redaction takes out). Given what the upstream sent, the failure
   * carries it as a {@link BlockedAnswer} does, so that its usage is charged: the upstream answered and was paid.
   */
  static GatewayException outputFailed(Call call, Throwable failure, ChatResponse answer) {
    call.captureResponseAs(() -> null);
    GatewayException told = GuardFailure.of(call, "output", failure);
    return answer == null ? told : new BlockedAnswer(told, answer);
  }

  private static Outcome complete(Chain chain, Guard guard, ChatRequest request, InputCheck in, ChatResponse answer) {
    Call call = chain.call();
    ChatResponse first = answer;
    OutputCheck out =
        checkAnswer(call, first, () -> guard.output().check(request, in, passages(call), first, false, true));
    out.verdicts().forEach(call::verdict);
    if (out.retry()) {
      boolean firstFromCache = call.cacheHit();
      Outcome again = retry(chain, in);
      if (again instanceof Outcome.Complete second) {
        // a cached first answer cost nothing this time: only the retry's usage is this call's
        answer = firstFromCache ? second.response()
            : second.response().withUsage(sum(answer.usage(), second.response().usage()));
      }
      // a failed retry leaves the first answer, paid for, to be judged without one
      ChatResponse judged = answer;
      out = checkAnswer(call, judged, () -> guard.output().check(request, in, passages(call), judged, false, false));
      out.verdicts().forEach(call::verdict);
    }
    ChatResponse forTrace = out.forTrace();
    call.captureResponseAs(() -> forTrace);
    if (out.blocked()) throw new BlockedAnswer(ErrorCode.CONTENT_BLOCKED, out.blockedMessage(), answer);
    return new Outcome.Complete(out.forCaller());
  }

  /**
   * The stream redacted as it goes when an output scanner redacts (the caller's values are restored after, as for an
   * answer not streamed: the answer's own values are taken out of the text the upstream wrote, its placeholders still
   * in), checked once it has ended, and restored when its prompt was redacted. Should that fail, the upstream stream
   * is closed before the failure goes on: nobody else holds it, and until it is closed its outcome stays owed to its
   * target's circuit breaker, which keeps a half-open circuit's one trial taken.
   */
  private static Outcome streaming(Call call, Guard guard, ChatRequest request, InputCheck in,
      Outcome.Streaming streaming) {
    try {
      List<String> passages = passages(call);
      StreamRedaction redaction = guard.output().streamRedaction(in, passages);
      ChatChunk first = streaming.first();
      ChunkStream rest = streaming.rest();
      Supplier<ChatChunk> held = null;
      if (redaction != null) {
        RedactingStream redacting = new RedactingStream(rest, redaction);
        first = redactOpening(call, guard, request, in, passages, redaction, redacting, first);
        rest = redacting;
        held = redacting::heldBack;
      }
      CheckedStream checked = new CheckedStream(first, rest, call,
          (given, whole) -> whole ? guard.output().checkStreamed(request, in, passages, given, redaction)
              : guard.output().checkCutShort(request, in, passages, given, redaction),
          guard.policy().checksOutput(), held);
      if (!in.redacted()) return new Outcome.Streaming(first, checked);
      RestoringStream restoring = new RestoringStream(checked, in.session(), OutputGuard.answersInJson(request));
      return new Outcome.Streaming(restoring.restoreFirst(first), restoring);
    } catch (RuntimeException | Error e) {
      try {
        streaming.rest().close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /**
   * The first chunk redacted; when a scanner refuses values, the chunks after it too, read ahead while all their text
   * is held back, so that the stream begins (and its status is sent) once its first text goes out, not before. A value
   * refused by then is refused before anything went out, so the call answers 422 {@code content_blocked} as an answer
   * not streamed does (charged for what the upstream sent), with the verdicts of the check of an empty answer and the
   * refusal merged in; a pass that failed is the output guard's failure. The attempt read these chunks already, as
   * far as this read goes ({@link GuardedOpening}), so an upstream that failed meanwhile failed its attempt, and the
   * routing tried again or another target. Should this read go further than the attempt's all the same, an upstream
   * that fails by then (or the call's deadline passing) fails the call with the plain error of a stream that failed
   * before its first token ({@link StreamBreak#beforeAnswer}), charged likewise, with the verdicts of an empty answer
   * cut short, its attempt recorded with that failure as its outcome ({@link Call#answerBrokeOff}). The read ahead is
   * the call's: a client that leaves meanwhile cancels it. An answer without values waits no longer for its first
   * text than it did.
   */
  private static ChatChunk redactOpening(Call call, Guard guard, ChatRequest request, InputCheck in,
      List<String> passages, StreamRedaction redaction, RedactingStream redacting, ChatChunk first) {
    StreamAssembler read = new StreamAssembler(); // what the upstream sent, assembled as it comes, not its chunks
    read.add(first);
    try {
      if (!redaction.refuses() || call.cancelled()) return redacting.redactFirst(first);
      return call.cancellable(() -> redacting.redactOpening(first, () -> !call.cancelled(), read::add));
    } catch (StreamBlocked refused) {
      ChatResponse sent = read.response();
      OutputCheck out = nothingWentOut(call, sent,
          nothing -> guard.output().checkStreamed(request, in, passages, nothing, redaction));
      throw new BlockedAnswer(ErrorCode.CONTENT_BLOCKED, out.blockedMessage(), sent);
    } catch (OpeningBrokeOff broke) {
      ChatResponse sent = read.response();
      nothingWentOut(call, sent, nothing -> guard.output().checkCutShort(request, in, passages, nothing, redaction));
      call.answerBrokeOff(broke.failure());
      throw new BlockedAnswer(StreamBreak.beforeAnswer(call, broke.failure()), sent);
    } catch (StreamRedactionFailed failed) {
      throw outputFailed(call, failed.getCause(), read.response());
    }
  }

  /**
   * The output check of a stream that ended before any of it went out, over the empty answer its client got; its
   * verdicts go on the call and the trace keeps what it judged. {@code sent}, what the upstream sent, is charged
   * should the check fail.
   */
  private static OutputCheck nothingWentOut(Call call, ChatResponse sent, Function<ChatResponse, OutputCheck> check) {
    ChatResponse nothing = new StreamAssembler().response();
    OutputCheck out = checkAnswer(call, sent, () -> check.apply(nothing));
    out.verdicts().forEach(call::verdict);
    ChatResponse forTrace = out.forTrace();
    call.captureResponseAs(() -> forTrace);
    return out;
  }

  /**
   * The texts of the passages the call's retrieval put into the prompt, as they went in (after this step read the
   * request, so its input check never saw them; on a cache hit, those kept with the cached answer, which the hit's
   * skipped retrieval made): an answer's values found there count as sent, for the output check
   * and the semantic cache's read of the answer alike — they come from the operator's collection, not the caller.
   */
  static List<String> passages(Call call) {
    return call.retrieved().stream().map(RetrievedChunk::text).toList();
  }

  /**
   * The one retry of an answer that failed its schema, from the model, never the cache (which may hold the very answer
   * that failed); null when the retry itself failed (timed out, upstream error).
   */
  private static Outcome retry(Chain chain, InputCheck in) {
    chain.call().wantFreshAnswer();
    try {
      return chain.proceed(in.upstream());
    } catch (GatewayException e) {
      return null;
    }
  }

  /**
   * Both attempts were paid for: the retried answer reports their usage together; none when either reported none, so
   * that the answer says the tokens the call was booked at, counted, as any answer without usage does.
   */
  private static Usage sum(Usage first, Usage second) {
    if (first == null || second == null) return null;
    return Usage.of(first.promptTokens() + second.promptTokens(), first.completionTokens() + second.completionTokens());
  }
}
