package dev.apprentice.api.trace;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The immutable record of one gateway call, written once when the call has ended.
 *
 * @param id                the trace id ({@code x-apprentice-trace-id})
 * @param startedAt         when the request arrived
 * @param tenant            the caller's tenant ({@code default} for anonymous loopback calls)
 * @param keyId             the caller's key id, null for anonymous calls
 * @param model             the model alias the client asked for
 * @param provider          the provider that served the call, null when none did
 * @param upstreamModel     the model id the gateway asked that provider for
 * @param responseModel     the model id as the provider reported it in its answer (silent updates show up here)
 * @param systemFingerprint the provider's {@code system_fingerprint}, when it sent one
 * @param stream            whether the client asked for a stream
 * @param status            the HTTP status the client saw (200 also for a stream that ended with an error event;
 *                          499 when the client left first)
 * @param errorCode         the error code (OpenAI {@code code}, or {@code stream_error}/{@code client_disconnected}),
 *                          null on success
 * @param errorMessage      the error message, null on success
 * @param tokens            token counts: the answer's, plus the prompt of every attempt given up after its request was
 *                          sent (a timeout, the client leaving, an unreadable answer)
 * @param usageEstimated    true when some of the counts were estimated locally: the provider reported no usage, or
 *                          an attempt was given up after its request was sent (each attempt says which it is)
 * @param costUsd           the call's cost in USD (a chat call's is the sum of its attempts'; 0 when the model has no
 *                          known price)
 * @param latencyMs         total time from arrival to the last byte
 * @param ttftMs            time to the first token of a stream (its first chunk with output), null for non-streamed
 *                          calls
 * @param overheadMs        time spent inside the gateway, excluding upstream time and deliberate waits
 * @param cache             {@code miss}, {@code exact} or {@code semantic}
 * @param user              the request's {@code user} field
 * @param tags              the {@code x-apprentice-tags} header, split on commas
 * @param metadata          the request's {@code metadata} object
 * @param request           the request body as JSON, null unless the capture policy is {@code full}
 * @param response          the answer as JSON (streams: assembled into one completion), null unless captured
 * @param attempts          every upstream attempt, in order
 * @param details           what the cache and retrieval did for the call
 * @param generation        the request's generation parameters and the answer's id and finish reasons, for the sinks
 *                          that read them ({@link TraceSink#readsGeneration}); null when none does, when neither says
 *                          anything, and in a stored trace (the store keeps the request itself under {@code full})
 */
public record TraceRecord(
    String id,
    Instant startedAt,
    String tenant,
    String keyId,
    String model,
    String provider,
    String upstreamModel,
    String responseModel,
    String systemFingerprint,
    boolean stream,
    int status,
    String errorCode,
    String errorMessage,
    Tokens tokens,
    boolean usageEstimated,
    double costUsd,
    double latencyMs,
    Double ttftMs,
    double overheadMs,
    String cache,
    String user,
    List<String> tags,
    Map<String, Object> metadata,
    String request,
    String response,
    List<AttemptRecord> attempts,
    TraceDetails details,
    Generation generation) {

  public TraceRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(tokens, "tokens");
    tags = tags == null ? List.of() : List.copyOf(tags);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    attempts = attempts == null ? List.of() : List.copyOf(attempts);
    details = details == null ? TraceDetails.NONE : details;
  }

  /** A trace without the request's generation parameters. */
  public TraceRecord(String id, Instant startedAt, String tenant, String keyId, String model, String provider,
      String upstreamModel, String responseModel, String systemFingerprint, boolean stream, int status,
      String errorCode, String errorMessage, Tokens tokens, boolean usageEstimated, double costUsd, double latencyMs,
      Double ttftMs, double overheadMs, String cache, String user, List<String> tags, Map<String, Object> metadata,
      String request, String response, List<AttemptRecord> attempts, TraceDetails details) {
    this(id, startedAt, tenant, keyId, model, provider, upstreamModel, responseModel, systemFingerprint, stream,
        status, errorCode, errorMessage, tokens, usageEstimated, costUsd, latencyMs, ttftMs, overheadMs, cache, user,
        tags, metadata, request, response, attempts, details, null);
  }

  /** A trace without cache or retrieval details. */
  public TraceRecord(String id, Instant startedAt, String tenant, String keyId, String model, String provider,
      String upstreamModel, String responseModel, String systemFingerprint, boolean stream, int status,
      String errorCode, String errorMessage, Tokens tokens, boolean usageEstimated, double costUsd, double latencyMs,
      Double ttftMs, double overheadMs, String cache, String user, List<String> tags, Map<String, Object> metadata,
      String request, String response, List<AttemptRecord> attempts) {
    this(id, startedAt, tenant, keyId, model, provider, upstreamModel, responseModel, systemFingerprint, stream,
        status, errorCode, errorMessage, tokens, usageEstimated, costUsd, latencyMs, ttftMs, overheadMs, cache, user,
        tags, metadata, request, response, attempts, TraceDetails.NONE);
  }

  /**
   * This trace without what the caller wrote: no request or response body, {@code user}, {@code metadata} or
   * generation parameters (a refusal on a model whose guardrail takes private data out, before the guardrail ran).
   */
  public TraceRecord withoutCallerText() {
    return new TraceRecord(id, startedAt, tenant, keyId, model, provider, upstreamModel, responseModel,
        systemFingerprint, stream, status, errorCode, errorMessage, tokens, usageEstimated, costUsd, latencyMs, ttftMs,
        overheadMs, cache, null, tags, Map.of(), null, null, attempts, details, null);
  }

  public boolean succeeded() {
    return status == 200 && errorCode == null;
  }

  /**
   * True when the response cache answered the call ({@code exact} or {@code semantic}): no upstream was asked, and
   * {@link #provider} and {@link #upstreamModel} name the target that produced the cached answer.
   */
  public boolean cacheHit() {
    return cache != null && !"miss".equals(cache);
  }
}
