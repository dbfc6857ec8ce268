package dev.apprentice.server.http;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.prompt.PromptVersion;
import dev.apprentice.api.trace.Tokens;
import dev.apprentice.api.trace.TraceDetails;
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.CallEnd;
import dev.apprentice.gateway.Gateway;
import dev.apprentice.gateway.Outcome;
import dev.apprentice.gateway.StreamBreak;
import dev.apprentice.server.GatewayMetrics;
import dev.apprentice.server.access.Authenticator;
import dev.apprentice.server.accounting.RejectedCalls;
import dev.apprentice.server.accounting.RejectionSink;
import dev.apprentice.server.prompt.PromptCalls;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code POST /v1/chat/completions} and {@code POST /v1/responses} (each a {@link ChatApi}): parse, validate, run
 * through the gateway, answer JSON or SSE. Once a stream has started, an upstream failure or a guardrail's block ends
 * it with an error event (never a silent cut), and a client that goes away cancels the upstream request: before the
 * answer began, {@link ClientDeparture} notices it and cancels the call; once it is written, a failed write or the
 * stream's heartbeat does.
 */
public final class ChatHandler implements Handler {

  private static final System.Logger LOG = System.getLogger(ChatHandler.class.getName());
  /** A stream silent this long gets an SSE comment, which tells a departed client from a slow upstream. */
  private static final Duration HEARTBEAT_IDLE = Duration.ofSeconds(1);
  private static final String DEPARTED = "the client went away before its answer began";

  private final Gateway gateway;
  private final RequestBodies bodies;
  private final GatewayMetrics metrics;
  private final Authenticator auth;
  private final RejectionSink rejections;
  private final PromptCalls prompts;
  private final ChatApi api;

  public ChatHandler(Gateway gateway, RequestBodies bodies, GatewayMetrics metrics, Authenticator auth,
      RejectionSink rejections) {
    this(gateway, bodies, metrics, auth, rejections, null);
  }

  /** With the prompt extension ({@code "model": "prompt:NAME@ref"} plus {@code variables}); null: without it. */
  public ChatHandler(Gateway gateway, RequestBodies bodies, GatewayMetrics metrics, Authenticator auth,
      RejectionSink rejections, PromptCalls prompts) {
    this(gateway, bodies, metrics, auth, rejections, prompts, new ChatCompletionsApi());
  }

  /**
   * {@code POST /v1/responses}: OpenAI's Responses API, translated into the same chat call, with the prompt extension
   * ({@code "model": "prompt:NAME@ref"}, or the Responses API's {@code prompt} object); null: without it.
   */
  public static ChatHandler responses(Gateway gateway, RequestBodies bodies, GatewayMetrics metrics,
      Authenticator auth, RejectionSink rejections, PromptCalls prompts) {
    return new ChatHandler(gateway, bodies, metrics, auth, rejections, prompts, new ResponsesApi());
  }

  private ChatHandler(Gateway gateway, RequestBodies bodies, GatewayMetrics metrics, Authenticator auth,
      RejectionSink rejections, PromptCalls prompts, ChatApi api) {
    this.api = api;
    this.gateway = gateway;
    this.bodies = bodies;
    this.metrics = metrics;
    this.auth = auth;
    this.rejections = rejections;
    this.prompts = prompts;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res) {
    long start = System.nanoTime();
    String traceId = TraceIds.next();
    res.header(ApprenticeHeaders.TRACE_ID, traceId);
    Call call = null;
    Caller caller = null;
    ChatRequest request = null;
    String prompt = null; // a prompt call's name@version, known before it renders: its refusals are traced with it
    ChatApi.Exchange exchange = null;
    int ownFrom = 0; // where the client's own messages begin in the chat request: after a prompt's rendered ones
    try {
      caller = auth.caller(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
      byte[] body = bodies.read(req);
      if (!CallAdmission.enter(req, res)) return; // shed (503): a place is taken once the body is in, not before
      exchange = api.read(bodies, body, traceId);
      request = exchange.request();
      byte[] captured = exchange.captured();
      if (prompts != null && PromptCalls.isPromptCall(request)) {
        // resolved before the gateway resolves the model alias: the prompt names the alias
        PromptVersion version = prompts.resolve(request);
        prompt = version.id();
        ownFrom = version.messages().size();
        // a call refused while rendering is traced as one that ran: under the model alias its prompt calls
        if (version.model() != null) request = request.withModel(version.model());
        PromptCalls.Rendered rendered = prompts.render(request, version);
        request = rendered.request();
        captured = rendered.captured();
      } else {
        ChatRequestValidator.validate(request);
      }
      call = gateway.open(request, traceId, CallHeaders.of(req), start, caller);
      call.requestBody(captured);
      call.prompt(prompt);
      call.api(api.traceName());
      Outcome outcome;
      try (ClientDeparture watch = ClientDeparture.watch(call::cancel)) {
        outcome = gateway.execute(call, request); // a client that leaves meanwhile cancels the call
      }
      if (departedFirst(call)) throw departed(outcome);
      switch (outcome) {
        case Outcome.Complete complete -> {
          ApprenticeHeaders.apply(res, call);
          ApprenticeHeaders.usageEstimated(res, call, complete.response());
          res.header(HeaderNames.CONTENT_TYPE, "application/json");
          ClientGone.send(res, exchange.answer(complete.response(), request, booked(call)));
          metrics.answered(wireApi(), call.model(), call.overheadNanos(System.nanoTime()));
        }
        case Outcome.Streaming streaming -> stream(req, res, call, request, exchange, streaming);
      }
    } catch (GatewayException refusal) {
      // in the names of the fields the client sent; a retrieval's context may have moved the call's messages
      GatewayException e = exchange == null ? refusal
          : exchange.told(refusal, call != null && !call.retrieved().isEmpty() ? -1 : ownFrom);
      if (CallAdmission.shedForItsBody(req)) {
        CallAdmission.sendShed(res, e); // its body did not fit the body budget: shed, counted but not traced
        return;
      }
      if (call != null && departedFirst(call)) throw new CloseConnectionException(DEPARTED, e); // as departed(outcome)
      // a call's error answer says how many upstream attempts it made, none included (a guardrail's 422, a 429)
      if (call != null) res.header(ApprenticeHeaders.ATTEMPTS, String.valueOf(call.attempts().size()));
      if (call == null) {
        // refused before it became a call (a call's own failure is traced by the accounting); traced before the
        // answer leaves, so that a client that reads its trace id at once finds the trace
        metrics.rejected(wireApi(), e.code().status(), e.code().label());
        boolean kept = rejections.keep(RejectedCalls.trace(traceId, start, gateway.arrivedAt(start), caller, request, e,
            CallHeaders.of(req), prompt, api.traceName()));
        // left out (the unauthenticated bound): the id would name no trace, as a shed call's would not
        if (!kept) res.headers().remove(ApprenticeHeaders.TRACE_ID);
      }
      ErrorResponses.send(res, e);
    } catch (ClientGone | CloseConnectionException clientGone) {
      // the client left before its answer was written, or while its body was read; 499 is the usual status for
      // "client closed request". A call that got this far was traced and counted by its accounting (its answer was
      // paid for): counted once only. Any other I/O failure (the store, a model's files) is the server's own, below
      if (call == null) metrics.rejected(wireApi(), 499, "client_disconnected");
      throw ClientGone.hangUp(clientGone);
    } catch (IOException | RuntimeException | Error e) {
      // an Error too (a stack overflow in a pattern): the client gets the documented error, not the web server's own
      LOG.log(System.Logger.Level.ERROR, "unexpected failure serving trace " + traceId, e);
      // a call's failure is traced by its accounting; one before the call is traced here, so that the id the answer
      // names is a stored trace (or, left out, not named at all)
      boolean traced = call != null;
      if (call == null) {
        metrics.rejected(wireApi(), 500, ErrorCode.INTERNAL.label());
        traced = keep(RejectedCalls.trace(traceId, start, gateway.arrivedAt(start), caller, request,
            RejectedCalls.defect(e), CallHeaders.of(req), prompt, api.traceName()));
      }
      if (!res.isSent()) {
        if (!traced) res.headers().remove(ApprenticeHeaders.TRACE_ID);
        ErrorResponses.send(res, new GatewayException(ErrorCode.INTERNAL,
            traced ? "internal error (trace " + traceId + ")" : "internal error"));
      }
    }
  }

  /** The wire API of this route's calls, as their traces name it. */
  private String wireApi() {
    return api.traceName() != null ? api.traceName() : TraceDetails.CHAT_COMPLETIONS;
  }

  /**
   * True when the client left before the call had its answer (or its failure), as the call's trace says: its
   * accounting ended it as {@code client_disconnected} (499), or a stream, whose accounting ends later, was cancelled.
   * A departure noticed only once the accounting had ended the call (traced as answered, or as failed) is too late to
   * change what the trace says: the answer is written as traced, and should the client be gone the write fails
   * ({@link ClientGone}), as for any client that leaves while its answer is written.
   */
  private static boolean departedFirst(Call call) {
    CallEnd end = call.ended();
    return end == null ? call.cancelled() : end.status() == 499;
  }

  /**
   * Hangs up on a client that left while its call waited for the answer: the call was cancelled (its attempt in
   * flight abandoned, no other started) and its accounting traced and counted it as {@code client_disconnected}. A
   * stream that began all the same is closed unread, which ends its accounting so.
   */
  private static CloseConnectionException departed(Outcome outcome) {
    if (outcome instanceof Outcome.Streaming streaming) streaming.rest().close();
    return new CloseConnectionException(DEPARTED);
  }

  /** Keeps the trace of a request that failed before it became a call; false when it was left out or failed too. */
  private boolean keep(dev.apprentice.api.trace.TraceRecord trace) {
    try {
      return rejections.keep(trace);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "could not keep the trace " + trace.id(), e);
      return false;
    }
  }

  /** The tokens {@code call} was booked at, once it has ended. */
  private static Supplier<Tokens> booked(Call call) {
    return () -> call.ended() == null ? null : call.ended().tokens();
  }

  /**
   * Sends the stream's end to the client now. Helidon writes the last chunk only once the handler returns, and closing
   * the upstream's stream next (when the try block ends) reads the rest of its body so that the connection can be
   * reused: an upstream slow to end its body after {@code [DONE]} must not hold the client's end back. The call's
   * place under load shedding is given back first, so a client that saw the end finds it free.
   */
  private static void endResponse(ServerRequest req, ServerResponse res, OutputStream out) throws IOException {
    out.close();
    req.context().get(CallAdmission.Place.class).ifPresent(CallAdmission.Place::release);
    if (res instanceof RoutingResponse routing) ClientGone.commit(routing);
  }

  private void stream(ServerRequest req, ServerResponse res, Call call, ChatRequest request, ChatApi.Exchange exchange,
      Outcome.Streaming streaming) {
    ApprenticeHeaders.apply(res, call);
    res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
    res.header(HeaderNames.CACHE_CONTROL, "no-cache");
    res.header(HeaderNames.create("x-accel-buffering"), "no");
    StreamFailure failure = new StreamFailure(metrics, wireApi(), call.model());
    CallAdmission.holdThroughStream(req); // until endResponse, not from the first byte on
    try (ChunkStream rest = streaming.rest(); OutputStream out = ClientGone.output(res)) {
      SseWriter sse = new SseWriter(out);
      ChatApi.StreamAnswer answer = exchange.stream(sse, request, booked(call));
      ChatChunk chunk = streaming.first();
      SseHeartbeat heartbeat = null;
      try {
        while (chunk != null) {
          answer.chunk(chunk, rest);
          if (!rest.ready()) {
            // about to wait on the upstream: send what we have, and from now on watch for a departed client
            sse.flush();
            if (heartbeat == null) heartbeat = SseHeartbeat.start(sse, rest, HEARTBEAT_IDLE);
          }
          chunk = rest.next();
        }
        answer.end();
      } catch (ProviderException e) {
        // what the upstream said, as the call's trace has it (AccountedStream traces the same StreamBreak)
        GatewayException told = StreamBreak.of(e);
        answer.error(told.code(), told.getMessage());
        // the error table's code, as the error event and apprentice_errors_total carry it: one vocabulary to join on
        failure.count(told.code().label());
      } catch (GatewayException e) {
        // a guardrail refused the streamed answer once it had ended: what was sent stays sent, the end says so. A
        // policy decision, not a broken stream: counted once, from the trace (errors and guard verdicts)
        answer.error(e.code(), e.getMessage());
      } catch (ClientGone | CloseConnectionException clientGone) {
        throw clientGone; // only a failed write to the client: any other I/O failure is the server's own, below
      } catch (IOException | RuntimeException | Error e) {
        // a defect or an I/O failure of the gateway's own (a chunk it cannot write, an index it cannot read) after the
        // first byte: the client learns the stream is broken rather than seeing it stop as if whole
        LOG.log(System.Logger.Level.ERROR, "unexpected failure mid-stream, trace " + call.traceId(), e);
        answer.error(ErrorCode.INTERNAL, "internal error (trace " + call.traceId() + ")");
        failure.count("internal_error");
      } finally {
        sse.finish();
        if (heartbeat != null) heartbeat.close();
      }
      endResponse(req, res, out);
    } catch (ClientGone | CloseConnectionException clientGone) {
      // the client disconnected (a failed write, or the end's commit; Helidon reports some failed writes as
      // CloseConnectionException): closing `rest` above cancelled the upstream request. A stream already counted as
      // broken (its error event sent, then the client left before its end) is not counted again
      failure.count("client_disconnected");
    } catch (IOException | UncheckedIOException e) {
      // the server's own, after the stream's end was written (closing the upstream's stream failed): the client has
      // its whole answer, so this is logged, not counted as a failed stream, and never as a departed client
      LOG.log(System.Logger.Level.WARNING, "failure after the stream ended, trace " + call.traceId(), e);
    }
  }
}
