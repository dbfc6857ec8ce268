package dev.apprentice.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.CallContext;
import dev.apprentice.api.ClosedException;
import dev.apprentice.api.Deadline;
import dev.apprentice.api.DeadlineExceededException;
import dev.apprentice.api.EmbeddingProvider;
import dev.apprentice.api.EmbeddingRequest;
import dev.apprentice.api.EmbeddingResponse;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.trace.SkippedTarget;
import dev.apprentice.server.accounting.EmbeddingCalls;
import dev.apprentice.server.accounting.RejectedCalls;
import dev.apprentice.server.guard.EmbeddingInputGuard;
import dev.apprentice.server.access.Authenticator;
import dev.apprentice.gateway.Attempt;
import dev.apprentice.gateway.Cancellation;
import dev.apprentice.gateway.Gateway;
import dev.apprentice.gateway.LocalWait;
import dev.apprentice.gateway.TargetTries;
import dev.apprentice.gateway.Unanswered;
import dev.apprentice.gateway.resilience.Watchdog;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.gateway.routing.Target;
import dev.apprentice.local.embedding.LocalEmbeddingProvider;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /v1/embeddings}: the model alias's targets are tried in order among those that can embed; vectors are
 * answered as floats or, with {@code encoding_format: base64}, as little-endian float32 bytes in base64. Built-in
 * in-process models (such as {@code local/all-minilm-l6-v2}) answer names no alias claims. Inputs given as token ids,
 * and fields the gateway does not know, go on unchanged to the alias's (OpenAI-type) targets; an in-process model
 * reads token ids as the cl100k_base tokens OpenAI's embedding models take ({@link TokenIdTexts}), and a model with
 * an input guard refuses them. Apprentice extension: the data item of an input that
 * was longer than the model's window, and was cut, carries {@code "truncated": true}. A client that goes away while
 * an alias's targets are asked cancels the call as it cancels a chat call ({@link ClientDeparture},
 * {@link Cancellation}): the upstream request in flight is abandoned, no other is made, and the call is traced as
 * {@code client_disconnected}. A built-in model's call waits at most {@code embeddings.timeout_ms} (504), and one
 * that times out or whose client leaves takes its texts out of the model's queue.
 */
public final class EmbeddingsHandler implements Handler {

  /** The provider name traces give the built-in in-process models. */
  static final String LOCAL_PROVIDER = "local";
  private static final System.Logger LOG = System.getLogger(EmbeddingsHandler.class.getName());
  private static final String DEPARTED = "the client went away before its answer began";

  private final Gateway gateway;
  private final Map<String, LocalEmbeddingProvider> builtIn;
  private final Duration localTimeout;
  private final RequestBodies bodies;
  private final Authenticator auth;
  private final EmbeddingCalls calls;
  private final EmbeddingInputGuard guard;
  private final TargetTries tries;
  private final Watchdog watchdog;

  /**
   * @param builtIn      built-in models: name to in-process provider, used where no configured alias has the name
   * @param localTimeout the most a call of a built-in model waits for its vectors ({@code embeddings.timeout_ms})
   * @param calls   the limits and traces of every call
   * @param guard   the model's input guard, applied to the texts before any model sees them
   * @param tries   routes to the alias's targets with the chat calls' retries and circuits
   */
  public EmbeddingsHandler(Gateway gateway, Map<String, LocalEmbeddingProvider> builtIn,
      Duration localTimeout, RequestBodies bodies, Authenticator auth, EmbeddingCalls calls, EmbeddingInputGuard guard,
      TargetTries tries, Watchdog watchdog) {
    this.guard = guard;
    this.tries = tries;
    this.watchdog = watchdog;
    this.gateway = gateway;
    this.builtIn = Map.copyOf(builtIn);
    this.localTimeout = localTimeout;
    this.bodies = bodies;
    this.auth = auth;
    this.calls = calls;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res) {
    long start = System.nanoTime();
    String traceId = TraceIds.next();
    res.header(ApprenticeHeaders.TRACE_ID, traceId);
    Map<String, String> headers = CallHeaders.of(req);
    Caller caller = null;
    EmbeddingRequest request = null;
    byte[] raw = null;
    boolean traced = false;
    EmbeddingCalls.Open call = null;
    try {
      caller = auth.caller(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
      raw = bodies.read(req);
      if (!CallAdmission.enter(req, res)) return; // shed (503): a place is taken once the body is in, not before
      request = EmbeddingRequestReader.read(bodies.parse(raw, JsonNode.class));
      ModelRoute route = gateway.model(request.model());
      LocalEmbeddingProvider local = route == null ? builtIn.get(request.model()) : null;
      if (route == null && local == null) {
        throw Gateway.unknownModel(request.model(), callable(caller));
      }
      String name = route == null ? request.model() : route.name();
      if (!caller.allows(name)) {
        throw new GatewayException(ErrorCode.MODEL_NOT_ALLOWED, "This key may not use the model '" + name + "'.",
            "model", null);
      }
      if (request.tokenIds() != null && local != null) request = request.withInput(TokenIdTexts.of(request.tokenIds()));
      if (request.tokenIds() != null && guard.guards(name)) refuseTokenIds(name);
      // the limits come before the guard, as for chat: a key over them costs no scan, a blocked call counts
      try {
        call = calls.open(new EmbeddingCalls.Started(traceId, start, caller, name, request.user(), headers, raw,
            List.of()), route, request.input(), request.tokenIds());
      } catch (GatewayException refused) {
        traced = true; // refused over a limit: the call traced itself
        throw refused;
      }
      EmbeddingInputGuard.Checked checked;
      CompletableFuture<Void> left = new CompletableFuture<>();
      try {
        checked = checkInputs(request, name, route, start, traceId, left);
      } catch (RuntimeException | Error failure) {
        // the guard could not vet the request: its trace keeps nothing the guard was there to take out (`user`)
        request = new EmbeddingRequest(request.model(), List.of(), request.encodingFormat(), request.dimensions(), null,
            request.extra());
        if (left.isDone()) throw new CloseConnectionException(DEPARTED); // counted below, with nothing to trace
        if (failure instanceof DeadlineExceededException late) {
          throw LocalWait.timedOut(name, route.timeout(), late.getMessage(), late);
        }
        throw failure;
      }
      if (checked.redacted()) {
        request = new EmbeddingRequest(request.model(), checked.inputs(), request.encodingFormat(), request.dimensions(),
            checked.user(), request.extra());
        raw = ServerJson.WIRE.writeValueAsBytes(request);
      }
      EmbeddingCalls.Started started = new EmbeddingCalls.Started(traceId, start, caller, name, request.user(),
          headers, raw, checked.verdicts());
      traced = true; // answered, failed or refused, the call traces itself from here on
      if (checked.blockedMessage() != null) {
        GatewayException blocked = new GatewayException(ErrorCode.CONTENT_BLOCKED, checked.blockedMessage());
        call.blocked(started, blocked);
        throw blocked;
      }
      try {
        call.checked(started, request.input()); // what redaction added is reserved, or the call refused
        if (local != null) {
          EmbeddingResponse response = embedLocally(local, request, call, traceId);
          int tokens = call.answered(LOCAL_PROVIDER, localModel(request.model()), response.promptTokens(), List.of());
          res.header(ApprenticeHeaders.ATTEMPTS, "0");
          res.header(ApprenticeHeaders.OVERHEAD, overhead(call, List.of()));
          send(res, request, response, name, tokens);
          return;
        }
        embedUpstream(res, request, route, call, traceId, headers, start);
      } catch (GatewayException e) {
        call.failed(e, List.of()); // a no-op when the call already ended with its attempts
        throw e;
      } catch (RuntimeException | Error e) {
        // never leave the reservation held: the key's budget and rate would stay taken until a restart
        call.failed(new GatewayException(ErrorCode.INTERNAL, "internal error (trace " + traceId + ")"), List.of());
        throw e;
      }
    } catch (GatewayException e) {
      if (CallAdmission.shedForItsBody(req)) {
        CallAdmission.sendShed(res, e); // its body did not fit the body budget: shed, counted but not traced
        return;
      }
      if (!traced && !calls.rejected(refusal(traceId, start, caller, request, headers), e)) {
        res.headers().remove(ApprenticeHeaders.TRACE_ID); // left out (the unauthenticated bound): it names no trace
      }
      // a call's error answer says how many upstream attempts it made (set where they were made), none included
      if (traced && !res.headers().contains(ApprenticeHeaders.ATTEMPTS)) res.header(ApprenticeHeaders.ATTEMPTS, "0");
      ErrorResponses.send(res, e);
    } catch (ClientGone | CloseConnectionException clientGone) {
      // the client left while its answer was written (the call was traced as answered: nothing is left to say),
      // before it began (the call was cancelled and traced so), or while its body was read: counted as chat counts
      // it, with nothing to trace
      if (!traced) calls.departed();
      throw ClientGone.hangUp(clientGone);
    } catch (java.io.IOException | RuntimeException | Error e) {
      // an Error too (a stack overflow): the client gets the documented error, not the web server's own page
      LOG.log(System.Logger.Level.ERROR, "unexpected failure serving embeddings trace " + traceId, e);
      // once the call traces itself, its failure is in its trace; before, it is traced here, so that the id the
      // answer names is a stored trace (or, left out, not named at all)
      boolean named = traced || keptDefect(refusal(traceId, start, caller, request, headers), e);
      if (!res.isSent()) {
        if (!named) res.headers().remove(ApprenticeHeaders.TRACE_ID);
        ErrorResponses.send(res, new GatewayException(ErrorCode.INTERNAL,
            named ? "internal error (trace " + traceId + ")" : "internal error"));
      }
    } finally {
      // a call that never ended (its guard failed, timed out or lost its client, traced above as a request refused
      // before it became a call; a defect) gives back what its limits hold, its request counted; else nothing
      if (call != null) call.unchecked();
    }
  }

  /**
   * The inputs as the model's guard lets them go on. A guard waits on in-process work (the injection detector's
   * embeddings) until the call's deadline ({@code timeout_ms} of the alias, from the call's start) at most, and until
   * its client leaves ({@code left} completes then), so that a long queue at the embedding model neither holds the
   * call past its deadline nor lets its inputs through unread.
   */
  private EmbeddingInputGuard.Checked checkInputs(EmbeddingRequest request, String name, ModelRoute route, long start,
      String traceId, CompletableFuture<Void> left) {
    if (route == null || !guard.guards(name)) return guard.check(traceId, name, request.input(), request.user());
    try (ClientDeparture watch = ClientDeparture.watch(() -> left.complete(null))) {
      return guard.check(traceId, name, request.input(), request.user(),
          Deadline.at(start + route.timeout().toNanos(), left));
    }
  }

  /**
   * The alias's targets that can embed, tried as chat calls route (order, retries with backoff, circuits, each try's
   * limit, one deadline); each try is an attempt of the trace.
   */
  private void embedUpstream(ServerResponse res, EmbeddingRequest request, ModelRoute route, EmbeddingCalls.Open call,
      String traceId, Map<String, String> headers, long start) throws java.io.IOException {
    long deadline = start + route.timeout().toNanos();
    Tries heard = new Tries(call);
    Cancellation cancellation = new Cancellation();
    TargetTries.Course course = TargetTries.Course.inOrder(route, deadline,
        t -> t.provider() instanceof EmbeddingProvider, cancellation);
    EmbeddingResponse answer;
    // a client that leaves meanwhile cancels the call: the attempt in flight is abandoned, none follows
    try (ClientDeparture watch = ClientDeparture.watch(cancellation::cancel)) {
      // each try's answer is cut off at its limit, as a chat call's whole answer is
      answer = tries.run(course, (target, attemptDeadline, status) -> watchdog.cuttingOff(attemptDeadline,
          cutoff -> ((EmbeddingProvider) target.provider()).embed(request.withModel(target.upstreamModel()),
              new CallContext(traceId, attemptDeadline, headers, attemptDeadline, null, status, cutoff))), heard);
    } catch (GatewayException e) {
      if (cancellation.cancelled()) throw departed(call, heard, null, e);
      call.failed(e, heard.attempts);
      res.header(ApprenticeHeaders.ATTEMPTS, String.valueOf(heard.attempts.size()));
      throw e;
    }
    if (cancellation.cancelled()) throw departed(call, heard, answer, null); // answered as the client left
    Target target = heard.servedBy;
    int tokens = call.answered(target.provider().name(), target.upstreamModel(), answer.promptTokens(), heard.attempts);
    res.header(ApprenticeHeaders.ATTEMPTS, String.valueOf(heard.attempts.size()));
    res.header(ApprenticeHeaders.OVERHEAD, overhead(call, heard.attempts));
    send(res, request, answer, target.id(), tokens);
  }

  /** {@code x-apprentice-overhead-ms} of a call answered after {@code attempts}, taken as its trace takes it. */
  private static String overhead(EmbeddingCalls.Open call, List<Attempt> attempts) {
    return ApprenticeHeaders.fixed(call.overheadNanos(System.nanoTime(), attempts) / 1e6, 3);
  }

  /**
   * Hangs up on a client that left while its call waited for the answer: the call was cancelled (its attempt in
   * flight abandoned, no other started) and is traced as {@code client_disconnected}, charged for an answer that came
   * all the same ({@code answer}, else null) and for the inputs of the attempt it abandoned.
   */
  private static CloseConnectionException departed(EmbeddingCalls.Open call, Tries heard, EmbeddingResponse answer,
      GatewayException failure) {
    Target target = answer == null ? null : heard.servedBy;
    call.departed(target == null ? null : target.provider().name(), target == null ? null : target.upstreamModel(),
        answer == null ? null : answer.promptTokens(), heard.attempts);
    return failure == null ? new CloseConnectionException(DEPARTED) : new CloseConnectionException(DEPARTED, failure);
  }

  /**
   * What one embedding call's tries came to: its attempts for the trace, the target that answered; the targets passed
   * over and the waits before retries go to the call at once.
   */
  private static final class Tries implements TargetTries.Listener {
    final EmbeddingCalls.Open call;
    final List<Attempt> attempts = new ArrayList<>();
    Target servedBy;

    Tries(EmbeddingCalls.Open call) {
      this.call = call;
    }

    @Override
    public void skipped(SkippedTarget skipped) {
      call.skipped(skipped);
    }

    @Override
    public void attempted(Attempt attempt) {
      attempts.add(attempt);
    }

    @Override
    public void waited(long nanos) {
      call.waited(nanos);
    }

    @Override
    public void answered(Target target, long tookNanos) {
      servedBy = target;
    }
  }

  /** The aliases and built-in models {@code caller} may call. */
  private List<String> callable(Caller caller) {
    List<String> callable = new ArrayList<>(gateway.callableModels(caller));
    builtIn.keySet().stream().filter(caller::allows).sorted().forEach(callable::add);
    return callable;
  }

  /**
   * Token ids mean something only to the tokenizer they came from: OpenAI-type upstreams take them as they are, and
   * the in-process model reads them back into text ({@link TokenIdTexts}), but a guard scans text it has been given:
   * a guarded model refuses them (400 naming {@code input}) rather than pass on what its guard did not read.
   */
  private static void refuseTokenIds(String model) {
    throw GatewayException.invalid("input", "the model '" + model + "' has an input guard, which reads text: send "
        + "'input' as strings, not token ids");
  }

  /** Traces a request that met a defect before it became a call; false when left out, or when that failed too. */
  private boolean keptDefect(EmbeddingCalls.Started started, Throwable defect) {
    try {
      return calls.rejected(started, RejectedCalls.defect(defect));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "could not keep the trace " + started.traceId(), e);
      return false;
    }
  }

  private static EmbeddingCalls.Started refusal(String traceId, long start, Caller caller, EmbeddingRequest request,
      Map<String, String> headers) {
    return new EmbeddingCalls.Started(traceId, start, caller, request == null ? "unknown" : request.model(),
        request == null ? null : request.user(), headers, null, List.of());
  }

  /** A built-in model's name under the {@code local} provider, so that provider/model reads as the name asked for. */
  private static String localModel(String name) {
    return name.startsWith(LOCAL_PROVIDER + "/") ? name.substring(LOCAL_PROVIDER.length() + 1) : name;
  }

  /**
   * Embeds with the in-process model, waiting at most {@link #localTimeout} (504 past it, as an upstream's deadline);
   * a client that leaves meanwhile cancels the call, traced as {@code client_disconnected}. Either way the request's
   * texts the model has not taken up yet leave its queue, and a run under way finishes with its vectors discarded.
   */
  private EmbeddingResponse embedLocally(LocalEmbeddingProvider local, EmbeddingRequest request,
      EmbeddingCalls.Open call, String traceId) {
    CompletableFuture<Void> left = new CompletableFuture<>();
    EmbeddingResponse response;
    try (ClientDeparture watch = ClientDeparture.watch(() -> left.complete(null))) {
      response = local.embed(request, CallContext.withTimeout(traceId, localTimeout), left);
    } catch (ProviderException e) {
      if (left.isDone()) throw departedLocally(call, request, null);
      throw switch (e.kind()) {
        case INVALID_REQUEST -> GatewayException.invalid(request.dimensions() != null ? "dimensions" : null,
            e.getMessage());
        case TIMEOUT -> new GatewayException(ErrorCode.UPSTREAM_TIMEOUT,
            Unanswered.within(request.model(), localTimeout) + stillLoading(e));
        default -> ClosedException.within(e) instanceof ClosedException closed ? closed.refusal()
            : new GatewayException(ErrorCode.INTERNAL, e.getMessage() + " (trace " + traceId + ")");
      };
    }
    if (left.isDone()) throw departedLocally(call, request, response); // answered as the client left
    return response;
  }

  /** {@code : the local embedding model was still loading} when that is why the call timed out, else nothing. */
  private static String stillLoading(ProviderException e) {
    return e.getCause() instanceof DeadlineExceededException late && late.loading().isPresent()
        ? ": " + late.getMessage() : "";
  }

  /** Hangs up on a client that left while the in-process model worked for it; traced as for an upstream call. */
  private static CloseConnectionException departedLocally(EmbeddingCalls.Open call, EmbeddingRequest request,
      EmbeddingResponse answer) {
    call.departed(answer == null ? null : LOCAL_PROVIDER, answer == null ? null : localModel(request.model()),
        answer == null ? null : answer.promptTokens(), List.of());
    return new CloseConnectionException(DEPARTED);
  }

  /**
   * @param tokens what the answer is booked at, which its {@code usage} says: the tokens the provider reported, or
   *               those the gateway counted when it reported none
   */
  private static void send(ServerResponse res, EmbeddingRequest request, EmbeddingResponse response, String servedBy,
      int tokens) throws java.io.IOException {
    res.header(ApprenticeHeaders.SERVED_BY, servedBy);
    res.header(ApprenticeHeaders.CACHE, "miss"); // embeddings are never cached
    // as a chat answer's: the usage is the gateway's count, the provider having reported none
    if (response.promptTokens() == null) res.header(ApprenticeHeaders.USAGE_ESTIMATED, "true");
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    ClientGone.send(res, ServerJson.MAPPER.writeValueAsBytes(render(response, tokens,
        "base64".equals(request.encodingFormat()))));
  }

  private static Map<String, Object> render(EmbeddingResponse response, int tokens, boolean base64) {
    List<Map<String, Object>> data = new ArrayList<>(response.vectors().size());
    Set<Integer> truncated = new HashSet<>(response.truncated());
    for (int i = 0; i < response.vectors().size(); i++) {
      float[] vector = response.vectors().get(i);
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("object", "embedding");
      item.put("index", i);
      item.put("embedding", base64 ? encode(vector) : vector);
      if (truncated.contains(i)) item.put("truncated", true);
      data.add(item);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("object", "list");
    out.put("data", data);
    out.put("model", response.model());
    out.put("usage", Map.of("prompt_tokens", tokens, "total_tokens", tokens));
    return out;
  }

  static String encode(float[] vector) {
    ByteBuffer bytes = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : vector) bytes.putFloat(f);
    return Base64.getEncoder().encodeToString(bytes.array());
  }
}
