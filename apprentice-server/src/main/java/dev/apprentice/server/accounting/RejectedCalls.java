package dev.apprentice.server.accounting;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.access.Tenants;
import dev.apprentice.api.trace.Tokens;
import dev.apprentice.api.trace.TraceDetails;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.gateway.TraceParent;
import dev.apprentice.gateway.accounting.TraceTags;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Traces of requests refused before they became a call (no key, a bad body, an unknown model), so that the trace id
 * an answer carries names a stored trace and refusals can be audited. Those refused before a key was accepted are
 * written at a bounded rate ({@link UnauthenticatedTraces}): past it their answers carry no trace id.
 */
public final class RejectedCalls {

  /** The tenant recorded when the caller could not be identified (reserved: no key or config may use it). */
  public static final String UNAUTHENTICATED = Tenants.UNAUTHENTICATED;
  private static final int MAX_MODEL_LENGTH = 200;

  private RejectedCalls() {}

  /**
   * @param startedAt when the request arrived, by the gateway's clock ({@code Gateway.arrivedAt})
   * @param caller  null when authentication failed
   * @param request null when the body could not be read
   * @param headers the call headers the gateway reads (lower-case names): the refusal keeps the caller's tags and
   *                trace context like a call would
   */
  public static TraceRecord trace(String traceId, long startNanos, Instant startedAt, Caller caller,
      ChatRequest request, GatewayException error, Map<String, String> headers) {
    return trace(traceId, startNanos, startedAt, caller, request, error, headers, null);
  }

  /**
   * As above, for a prompt call refused once its prompt was resolved (a missing variable, its model's limits; its
   * request then names the model alias the version calls, under which the call would have run):
   * {@code prompt} is its {@code name@version}, which the trace keeps as a call's does; null for any other request.
   */
  public static TraceRecord trace(String traceId, long startNanos, Instant startedAt, Caller caller,
      ChatRequest request, GatewayException error, Map<String, String> headers, String prompt) {
    return trace(traceId, startNanos, startedAt, caller, request, error, headers, prompt, null);
  }

  /**
   * As above, for a request that came through another wire API than chat completions: {@code api} is its name
   * ({@link TraceDetails#RESPONSES}), which the trace keeps as a call's does; null for chat completions.
   */
  public static TraceRecord trace(String traceId, long startNanos, Instant startedAt, Caller caller,
      ChatRequest request, GatewayException error, Map<String, String> headers, String prompt, String api) {
    double millis = (System.nanoTime() - startNanos) / 1_000_000.0;
    String model = clipped(request == null || request.model() == null ? "unknown" : request.model());
    return new TraceRecord(traceId, startedAt, caller == null ? UNAUTHENTICATED : caller.tenant(),
        caller == null ? null : caller.keyId(), model, null, null, null, null, request != null && request.streaming(),
        error.code().status(), error.code().label(), error.getMessage(), Tokens.NONE, false, 0, millis, null, millis, "miss",
        request == null ? null : request.user(), TraceTags.of(headers.get(TraceTags.HEADER)),
        request == null ? Map.of() : request.metadata(), null, null, List.of(), details(headers, prompt, api));
  }

  /**
   * The error a request's trace records for a defect met before it became a call: its kind only, as a call's trace
   * records one (its message may quote the request; the server log has it whole).
   */
  public static GatewayException defect(Throwable e) {
    return new GatewayException(ErrorCode.INTERNAL, e.getClass().getSimpleName()
        + " inside the gateway (the server log has the details)");
  }

  /** A model name as a refusal's trace keeps it: a client's text, so cut to 200 characters. */
  static String clipped(String model) {
    return model.length() > MAX_MODEL_LENGTH ? model.substring(0, MAX_MODEL_LENGTH) : model;
  }

  private static TraceDetails details(Map<String, String> headers, String prompt, String api) {
    String traceparent = TraceParent.valid(headers.get(TraceParent.HEADER));
    return TraceDetails.NONE.withPrompt(prompt).withTraceparent(traceparent).withApi(api);
  }
}
