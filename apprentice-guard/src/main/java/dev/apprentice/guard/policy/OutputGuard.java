package dev.apprentice.guard.policy;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.guard.Finding;
import dev.apprentice.guard.chat.ChatTexts;
import dev.apprentice.guard.output.JsonSchemaCheck;
import dev.apprentice.guard.output.Refusals;
import dev.apprentice.guard.redact.RedactionSession;
import dev.apprentice.guard.redact.Redactor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an answer: personal data and secrets the caller did not send ({@link AnswerValues}: the scanners read
 * the answer together, a value inside a secret being part of it; values found in the client's own texts are theirs,
 * also written another way — {@link CallerValues} —, and so are those of the passages a {@code rag:} model's retrieval put
 * into the prompt: the operator's collection, not the caller's data leaking; placeholders are not data), then the
 * JSON schema the request asked for. Such values are flagged, blocked, or redacted one way (placeholders that
 * continue the input's numbering, each choice's on its own, and are never restored). A schema failure is flagged,
 * blocked, or answered with a request to retry once; a choice the model refused ({@link Refusals}) is an answer,
 * not malformed output: it is not judged, and an answer with one is not retried (all refused: verdict
 * {@link #SKIP}). A streamed answer is redacted as it goes
 * ({@link #streamRedaction}) and checked when it has ended ({@link #checkStreamed}): what the stream could not
 * replace (a value that began in text already given out) has reached the caller, so a {@code redact} of it alone is
 * recorded as {@code flag} (the trace still keeps the redacted form), a block is reported for the stream to end with
 * an error event, and there is no retry. Thread-safe.
 */
public final class OutputGuard {

  public static final String SCHEMA_VIOLATION = "SCHEMA_VIOLATION";
  /** The action of the schema check of an answer the model refused: a refusal is not judged, nor asked again. */
  public static final String SKIP = "skip";

  private final GuardPolicy policy;
  private final JsonSchemaCheck schemas;
  private final int holdback;

  public OutputGuard(GuardPolicy policy, JsonSchemaCheck schemas) {
    this(policy, schemas, StreamRedaction.DEFAULT_HOLDBACK_CHARS);
  }

  /** @param holdback the characters a redacted stream holds back at least ({@code output.stream_holdback_chars}) */
  public OutputGuard(GuardPolicy policy, JsonSchemaCheck schemas, int holdback) {
    if (holdback < StreamRedaction.MIN_HOLDBACK_CHARS) {
      throw new IllegalArgumentException("hold back at least " + StreamRedaction.MIN_HOLDBACK_CHARS + " characters");
    }
    this.policy = policy;
    this.schemas = schemas;
    this.holdback = holdback;
  }

  /**
   * The redaction of one streamed answer as it goes, or null when no value scanner of the answer redacts or blocks
   * (a blocking one holds the stream all the same, so that the value it refuses never goes out). Its placeholders
   * continue the input's numbering and skip those the caller's texts hold, as an answer's that is not streamed do.
   *
   * @param retrieved the texts retrieval put into the prompt, whose values count as sent
   */
  public StreamRedaction streamRedaction(InputCheck input, List<String> retrieved) {
    if (!policy.output().containsValue(Action.REDACT) && !policy.output().containsValue(Action.BLOCK)) return null;
    return new StreamRedaction(policy, CallerValues.with(input::callerText, retrieved), oneWay(input), holdback);
  }

  /**
   * The check of a streamed answer once it has ended, {@code assembled} as the stream gave it out before the input's
   * placeholders were restored (redacted by {@code redaction} when there was one): the values the stream redacted are
   * told in the verdicts, as {@code redact}, and a value it refused ({@link dev.apprentice.guard.redact.StreamBlocked}) blocks the answer.
   */
  public OutputCheck checkStreamed(ChatRequest request, InputCheck input, List<String> retrieved,
      ChatResponse assembled, StreamRedaction redaction) {
    return checkStreamed(request, input, retrieved, assembled, redaction, true);
  }

  /**
   * {@link #checkStreamed} of a stream cut short (its client left, its upstream broke off), over what it had written
   * by then: its values are read as a finished stream's are; the JSON schema is not, since it judges a whole answer.
   */
  public OutputCheck checkCutShort(ChatRequest request, InputCheck input, List<String> retrieved,
      ChatResponse assembled, StreamRedaction redaction) {
    return checkStreamed(request, input, retrieved, assembled, redaction, false);
  }

  private OutputCheck checkStreamed(ChatRequest request, InputCheck input, List<String> retrieved,
      ChatResponse assembled, StreamRedaction redaction, boolean whole) {
    OutputCheck out = check(request, input, retrieved, assembled, true, false, whole);
    if (redaction == null) return out;
    List<GuardVerdict> verdicts = out.verdicts().stream().map(redaction::merged).toList();
    String blocked = out.blockedMessage();
    if (blocked == null) {
      List<GuardVerdict> refused = verdicts.stream()
          .filter(v -> v.action().equals(Action.BLOCK.label()) && v.findingCount() > 0).toList();
      if (!refused.isEmpty()) blocked = Verdicts.blocked("answer", refused, null);
    }
    return new OutputCheck(out.forCaller(), out.forTrace(), verdicts, blocked, out.retry());
  }

  /**
   * @param upstream       the answer as the upstream sent it (placeholders of a redacted prompt still in)
   * @param streamed       the caller has already received the answer
   * @param retryAvailable a schema failure may still be retried
   */
  public OutputCheck check(ChatRequest request, InputCheck input, ChatResponse upstream, boolean streamed,
      boolean retryAvailable) {
    return check(request, input, List.of(), upstream, streamed, retryAvailable);
  }

  /**
   * @param request        the request as the client sent it
   * @param retrieved      the texts retrieval put into the prompt after the guard read the request (the passages as
   *                       they went in, document placeholders and all), whose values count as sent
   * @param upstream       the answer as the upstream sent it (placeholders of a redacted prompt still in)
   * @param streamed       the caller has already received the answer
   * @param retryAvailable a schema failure may still be retried
   */
  public OutputCheck check(ChatRequest request, InputCheck input, List<String> retrieved, ChatResponse upstream,
      boolean streamed, boolean retryAvailable) {
    return check(request, input, retrieved, upstream, streamed, retryAvailable, true);
  }

  /** {@link #check}; the JSON schema only of a {@code whole} answer. */
  private OutputCheck check(ChatRequest request, InputCheck input, List<String> retrieved, ChatResponse upstream,
      boolean streamed, boolean retryAvailable, boolean whole) {
    List<GuardVerdict> verdicts = new ArrayList<>();
    List<GuardVerdict> blocking = new ArrayList<>();
    ChatResponse forTrace = !AnswerValues.reads(policy) ? upstream
        : checkValues(input, retrieved, upstream, streamed, verdicts, blocking);
    ChatResponse forCaller = input.session() == null ? forTrace
        : restore(forTrace, input.session(), answersInJson(request));
    String detail = null;
    boolean retry = false;
    Optional<Object> schema = JsonSchemaCheck.requestedSchema(request.responseFormat());
    int refusals = Refusals.count(forCaller);
    List<String> answered = Refusals.answeredContents(forCaller);
    boolean judges = policy.jsonSchema() != Action.OFF && schema.isPresent() && whole;
    if (judges && refusals > 0 && answered.isEmpty()) {
      verdicts.add(
          new GuardVerdict(GuardVerdict.OUTPUT, "json_schema", 0, SKIP, Map.of(Refusals.REFUSAL, refusals), 0));
    } else if (judges) {
      long start = System.nanoTime();
      List<String> problems = new ArrayList<>();
      for (String content : answered) problems.addAll(schemas.violations(schema.get(), content));
      Map<String, Integer> found = problems.isEmpty() ? Map.of() : Map.of(SCHEMA_VIOLATION, problems.size());
      retry = !problems.isEmpty() && retryAvailable && !streamed && policy.jsonSchemaRetry() && blocking.isEmpty()
          && refusals == 0;
      GuardVerdict verdict = retry
          ? new GuardVerdict(GuardVerdict.OUTPUT, "json_schema", 1, "retry", found, (System.nanoTime() - start) / 1_000)
          : Verdicts.of(GuardVerdict.OUTPUT, "json_schema", problems.isEmpty() ? 0 : 1, policy.jsonSchema(), found, start);
      verdicts.add(verdict);
      if (!retry && policy.jsonSchema() == Action.BLOCK && !problems.isEmpty()) {
        blocking.add(verdict);
        detail = "the answer does not match the requested JSON schema: "
            + firstViolationWithoutValues(schema.get(), forTrace, input.session(), problems);
      }
    }
    String blocked = blocking.isEmpty() ? null : Verdicts.blocked("answer", blocking, detail);
    return new OutputCheck(forCaller, forTrace, verdicts, blocked, retry);
  }

  /**
   * The first violation as the answer the trace keeps shows it. The caller's answer has the input's values put back,
   * and a validator's message quotes what it read ("property 'bob@corp.com' is not defined"): the 422 message, kept
   * in the trace, must not carry them. When the placeholders themselves conform, only the count is told; any value
   * of the session still there is replaced by its placeholder.
   */
  private String firstViolationWithoutValues(Object schema, ChatResponse forTrace, RedactionSession session,
      List<String> problems) {
    if (session == null) return problems.getFirst();
    for (String content : Refusals.answeredContents(forTrace)) {
      List<String> shown = schemas.violations(schema, content);
      if (!shown.isEmpty()) return session.conceal(shown.getFirst());
    }
    return problems.size() + " violation(s), not shown: they quote values the guard redacted";
  }

  /**
   * The answer read for values the caller did not send ({@link AnswerValues}), the verdicts recorded, and the answer
   * a trace may keep: as the upstream sent it, or with what a redacting scanner found replaced one way, each choice's
   * placeholders numbered on their own (as a stream numbers them, whatever order its choices' chunks came in), its
   * thinking's values first (a stream gives the thinking out before the answer).
   */
  private ChatResponse checkValues(InputCheck input, List<String> retrieved, ChatResponse upstream, boolean streamed,
      List<GuardVerdict> verdicts, List<GuardVerdict> blocking) {
    List<List<ChatTexts.Text>> choices = ChatTexts.byChoice(upstream);
    List<ChatTexts.Text> texts = choices.stream().flatMap(List::stream).toList();
    CallerValues caller = CallerValues.with(input::callerText, retrieved);
    AnswerValues.Read read = AnswerValues.read(policy, texts, caller, streamed);
    verdicts.addAll(read.verdicts());
    blocking.addAll(read.blocking());
    if (!read.redacts()) return upstream;
    RedactionSession afterInput = oneWay(input);
    List<String> replaced = new ArrayList<>(texts.size());
    Set<Integer> redactedChoices = new HashSet<>();
    for (int at = 0; at < choices.size(); at++) {
      List<ChatTexts.Text> choice = choices.get(at);
      RedactionSession oneWay = afterInput.continuation();
      for (ChatTexts.Text text : choice) oneWay.reserve(text.value());
      List<List<Finding>> findings = read.toRedact().subList(replaced.size(), replaced.size() + choice.size());
      if (findings.stream().anyMatch(found -> !found.isEmpty())) redactedChoices.add(at);
      String[] written = new String[choice.size()];
      redact(choice, true, findings, oneWay, written);
      redact(choice, false, findings, oneWay, written);
      replaced.addAll(java.util.Arrays.asList(written));
    }
    return withoutLogprobs(ChatTexts.replace(upstream, replaced), redactedChoices);
  }

  /**
   * The answer with the logprobs of the choices at {@code positions} left out: they spell the choice's text token by
   * token, the values its redaction took out included.
   */
  private static ChatResponse withoutLogprobs(ChatResponse answer, Set<Integer> positions) {
    List<ChatResponse.Choice> choices = new ArrayList<>(answer.choices());
    for (int at : positions) {
      ChatResponse.Choice c = choices.get(at);
      choices.set(at, new ChatResponse.Choice(c.index(), c.message(), c.finishReason(), null, c.extra()));
    }
    return new ChatResponse(answer.id(), answer.object(), answer.created(), answer.model(), choices, answer.usage(),
        answer.systemFingerprint(), answer.extra());
  }

  /** Writes into {@code written} each of the choice's texts that is thinking (or is not), its findings replaced. */
  private static void redact(List<ChatTexts.Text> choice, boolean thinking, List<List<Finding>> toRedact,
      RedactionSession oneWay, String[] written) {
    for (int i = 0; i < choice.size(); i++) {
      ChatTexts.Text text = choice.get(i);
      if (text.thinking() != thinking) continue;
      written[i] = toRedact.get(i).isEmpty() ? text.written() : text.redact(oneWay, toRedact.get(i));
    }
  }

  /**
   * Where an answer's own values get their placeholders: after the input's, never one the caller's texts hold (the
   * caller's values are put back by the input's session, so the two must not share a name).
   */
  private static RedactionSession oneWay(InputCheck input) {
    RedactionSession oneWay = input.session() != null ? input.session().continuation()
        : new Redactor(List.of()).session();
    oneWay.reserve(input.callerText());
    return oneWay;
  }

  /** The answer with the input's placeholders put back (escaped for JSON inside tool-call arguments). */
  public static ChatResponse restore(ChatResponse response, RedactionSession session) {
    return restore(response, session, false);
  }

  /**
   * The answer with the input's placeholders put back; with {@code jsonContent} (the request asked for a JSON
   * answer) values are escaped for JSON in the content too.
   */
  public static ChatResponse restore(ChatResponse response, RedactionSession session, boolean jsonContent) {
    List<ChatTexts.Text> texts = ChatTexts.of(response);
    List<String> restored = new ArrayList<>(texts.size());
    for (ChatTexts.Text t : texts) restored.add(t.restore(session, jsonContent));
    return ChatTexts.replace(response, restored);
  }

  /** True when the request's {@code response_format} asks for JSON ({@code json_object} or {@code json_schema}). */
  public static boolean answersInJson(ChatRequest request) {
    Object type = request.responseFormat() == null ? null : request.responseFormat().get("type");
    return "json_object".equals(type) || "json_schema".equals(type);
  }
}
