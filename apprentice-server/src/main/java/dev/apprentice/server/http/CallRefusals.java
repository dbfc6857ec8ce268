package dev.apprentice.server.http;

import dev.apprentice.api.GatewayException;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.trace.TraceDetails;
import dev.apprentice.server.GatewayMetrics;
import dev.apprentice.server.access.Authenticator;
import dev.apprentice.server.accounting.EmbeddingCalls;
import dev.apprentice.server.accounting.RejectedCalls;
import dev.apprentice.server.accounting.RejectionSink;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Model calls ({@code POST /v1/chat/completions}, {@code POST /v1/responses}, {@code POST /v1/embeddings}) refused
 * before their handler ran: a body with a {@code Content-Encoding} (415, {@link RequestEncodings}), two
 * {@code Authorization} headers (400, {@code SingleAuthorization}), an {@code x-apprentice-tags} header over its
 * limits (400, {@link TagsHeader}), and a body whose declared length is over the limit (413, which the web server
 * answers itself before routing, {@link TransportErrors}). Each is counted ({@code apprentice_requests_total} and
 * {@code apprentice_errors_total} under model {@code none}) and traced as the handlers count and trace the refusals
 * they make before a call, its answer naming the trace; the caller is the key the request carries when it is valid,
 * else unauthenticated (those traces are bounded, {@code UnauthenticatedTraces}). Other routes' refusals are neither,
 * as their other refusals are not.
 */
public final class CallRefusals {

  private static final System.Logger LOG = System.getLogger(CallRefusals.class.getName());
  private static final String CHAT = "/v1/chat/completions";
  private static final String RESPONSES = "/v1/responses";
  private static final String EMBEDDINGS = "/v1/embeddings";

  private final Authenticator auth;
  private final GatewayMetrics metrics;
  private final RejectionSink chat;
  private final EmbeddingCalls embeddings;
  private final LongFunction<Instant> arrivedAt;

  /**
   * @param chat       where chat refusals' traces go, as {@link ChatHandler}'s
   * @param embeddings counts and traces embedding refusals, as {@link EmbeddingsHandler}'s
   * @param arrivedAt  when a request that arrived at a {@link System#nanoTime()} arrived, by the gateway's clock
   */
  public CallRefusals(Authenticator auth, GatewayMetrics metrics, RejectionSink chat, EmbeddingCalls embeddings,
      LongFunction<Instant> arrivedAt) {
    this.auth = auth;
    this.metrics = metrics;
    this.chat = chat;
    this.embeddings = embeddings;
    this.arrivedAt = arrivedAt;
  }

  /**
   * Answers a refusal made ahead of the routes; counted and traced when the route is a model call's.
   *
   * @param identify whether the request's key names the caller (not when which key is meant is the question)
   */
  public void send(ServerRequest req, ServerResponse res, GatewayException refusal, boolean identify) {
    String traceId = refused(req.prologue().method().text(), req.path().path(), req.headers(), refusal, identify);
    if (traceId != null) res.header(ApprenticeHeaders.TRACE_ID, traceId);
    ErrorResponses.send(res, refusal);
  }

  /**
   * Counts and traces the refusal of a model call; the trace id its answer names, or null: the route is no model
   * call's, or the trace was left out (the unauthenticated bound) or could not be kept.
   */
  String refused(String method, String path, Headers headers, GatewayException refusal, boolean identify) {
    boolean chatCall = CHAT.equals(path) || RESPONSES.equals(path);
    if (!modelCall(method, path)) return null;
    long start = System.nanoTime();
    String traceId = TraceIds.next();
    Caller caller = identify ? caller(headers) : null;
    Map<String, String> callHeaders = CallHeaders.of(headers);
    try {
      if (chatCall) {
        String api = RESPONSES.equals(path) ? TraceDetails.RESPONSES : null;
        metrics.rejected(api != null ? api : TraceDetails.CHAT_COMPLETIONS, refusal.code().status(),
            refusal.code().label());
        return chat.keep(RejectedCalls.trace(traceId, start, arrivedAt.apply(start), caller, null, refusal,
            callHeaders, null, api)) ? traceId : null;
      }
      return embeddings.rejected(new EmbeddingCalls.Started(traceId, start, caller, "unknown", null, callHeaders,
          null, List.of()), refusal) ? traceId : null;
    } catch (RuntimeException e) {
      // the refusal is answered all the same, naming no trace
      LOG.log(System.Logger.Level.ERROR, "could not trace the refusal " + traceId, e);
      return null;
    }
  }

  /** Whether a request is a model call's: {@code POST /v1/chat/completions}, {@code /v1/responses} or {@code /v1/embeddings}. */
  static boolean modelCall(String method, String path) {
    return "POST".equals(method) && (CHAT.equals(path) || RESPONSES.equals(path) || EMBEDDINGS.equals(path));
  }

  /** The caller the request's key names, or null (unauthenticated) when it names none. */
  private Caller caller(Headers headers) {
    try {
      return auth.caller(headers.first(HeaderNames.AUTHORIZATION).orElse(null));
    } catch (GatewayException refused) {
      return null;
    }
  }
}
