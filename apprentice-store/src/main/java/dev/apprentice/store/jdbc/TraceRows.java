package dev.apprentice.store.jdbc;

import dev.apprentice.api.trace.AttemptRecord;
import dev.apprentice.api.trace.Tokens;
import dev.apprentice.api.trace.TraceDetails;
import dev.apprentice.api.trace.TraceRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;

/** Maps traces and attempts to and from their rows. */
final class TraceRows {

  /** Every column but the bodies, in the order {@link #read} expects. */
  static final String COLUMNS = "id, started_at, tenant, key_id, model, provider, upstream_model, response_model, "
      + "system_fingerprint, stream, status, error_code, error_message, input_tokens, output_tokens, "
      + "cached_input_tokens, cache_write_tokens, reasoning_tokens, usage_estimated, cost_usd, latency_ms, ttft_ms, "
      + "overhead_ms, cache, end_user, tags, metadata, cache_similarity, cost_saved_usd, retrieved, prompt, guard, traceparent, operation, "
      + "skipped, retrieval_skipped, semantic_skipped, api, retrieval_ms, left_out";
  static final String BODIES = ", request, response";

  static final String INSERT = "INSERT INTO traces (" + COLUMNS + BODIES + ") VALUES ("
      + placeholders((COLUMNS + BODIES).split(",").length) + ") ON CONFLICT (id) DO NOTHING";
  static final String ATTEMPT_COLUMNS = "trace_id, idx, provider, upstream_model, latency_ms, outcome, http_status, "
      + "error, input_tokens, output_tokens, cost_usd, cost_estimated, started_ms";
  static final String INSERT_ATTEMPT = "INSERT INTO attempts (" + ATTEMPT_COLUMNS + ") VALUES ("
      + placeholders(ATTEMPT_COLUMNS.split(",").length) + ") ON CONFLICT (trace_id, idx) DO NOTHING";

  private TraceRows() {}

  private static String placeholders(int count) {
    return String.join(", ", java.util.Collections.nCopies(count, "?"));
  }

  static void bind(PreparedStatement ps, TraceRecord t) throws SQLException {
    int i = 0;
    ps.setString(++i, t.id());
    ps.setLong(++i, t.startedAt().toEpochMilli());
    ps.setString(++i, t.tenant());
    ps.setString(++i, t.keyId());
    ps.setString(++i, t.model());
    ps.setString(++i, t.provider());
    ps.setString(++i, t.upstreamModel());
    ps.setString(++i, t.responseModel());
    ps.setString(++i, t.systemFingerprint());
    ps.setBoolean(++i, t.stream());
    ps.setInt(++i, t.status());
    ps.setString(++i, t.errorCode());
    ps.setString(++i, t.errorMessage());
    Tokens tokens = t.tokens();
    ps.setInt(++i, tokens.input());
    ps.setInt(++i, tokens.output());
    ps.setInt(++i, tokens.cachedInput());
    ps.setInt(++i, tokens.cacheWrite());
    ps.setInt(++i, tokens.reasoning());
    ps.setBoolean(++i, t.usageEstimated());
    ps.setDouble(++i, t.costUsd());
    ps.setDouble(++i, t.latencyMs());
    if (t.ttftMs() == null) {
      ps.setNull(++i, Types.DOUBLE);
    } else {
      ps.setDouble(++i, t.ttftMs());
    }
    ps.setDouble(++i, t.overheadMs());
    ps.setString(++i, t.cache());
    ps.setString(++i, t.user());
    ps.setString(++i, Json.strings(t.tags()));
    ps.setString(++i, Json.write(t.metadata()));
    TraceDetails details = t.details();
    if (details.cacheSimilarity() == null) {
      ps.setNull(++i, Types.DOUBLE);
    } else {
      ps.setDouble(++i, details.cacheSimilarity());
    }
    ps.setDouble(++i, details.costSavedUsd());
    ps.setString(++i, details.retrieved().isEmpty() && !details.retrievedNothing() ? null
        : Json.write(details.retrieved())); // "[]": the search found nothing
    ps.setString(++i, details.prompt());
    ps.setString(++i, details.verdicts().isEmpty() ? null : Json.write(details.verdicts()));
    ps.setString(++i, details.traceparent());
    ps.setString(++i, details.operation());
    ps.setString(++i, details.skipped().isEmpty() ? null : Json.write(details.skipped()));
    ps.setString(++i, details.retrievalSkipped());
    ps.setString(++i, details.semanticSkipped());
    ps.setString(++i, details.api());
    if (details.retrievalMs() == null) {
      ps.setNull(++i, Types.DOUBLE);
    } else {
      ps.setDouble(++i, details.retrievalMs());
    }
    ps.setString(++i, details.leftOut().isEmpty() ? null : Json.write(details.leftOut()));
    ps.setString(++i, t.request());
    ps.setString(++i, t.response());
  }

  static void bindAttempt(PreparedStatement ps, String traceId, AttemptRecord a) throws SQLException {
    ps.setString(1, traceId);
    ps.setInt(2, a.index());
    ps.setString(3, a.provider());
    ps.setString(4, a.upstreamModel());
    ps.setDouble(5, a.latencyMs());
    ps.setString(6, a.outcome());
    ps.setInt(7, a.httpStatus());
    ps.setString(8, a.error());
    ps.setInt(9, a.inputTokens());
    ps.setInt(10, a.outputTokens());
    ps.setDouble(11, a.costUsd());
    ps.setBoolean(12, a.costEstimated());
    if (a.startedMs() == null) {
      ps.setNull(13, Types.DOUBLE);
    } else {
      ps.setDouble(13, a.startedMs());
    }
  }

  /** Reads a row selected with {@link #COLUMNS} (and {@link #BODIES} when {@code withBodies}). */
  static TraceRecord read(ResultSet rs, boolean withBodies, List<AttemptRecord> attempts) throws SQLException {
    double ttft = rs.getDouble("ttft_ms");
    Double ttftMs = rs.wasNull() ? null : ttft;
    Tokens tokens = new Tokens(rs.getInt("input_tokens"), rs.getInt("output_tokens"),
        rs.getInt("cached_input_tokens"), rs.getInt("cache_write_tokens"), rs.getInt("reasoning_tokens"));
    return new TraceRecord(rs.getString("id"), Instant.ofEpochMilli(rs.getLong("started_at")),
        rs.getString("tenant"), rs.getString("key_id"), rs.getString("model"), rs.getString("provider"),
        rs.getString("upstream_model"), rs.getString("response_model"), rs.getString("system_fingerprint"),
        rs.getBoolean("stream"), rs.getInt("status"), rs.getString("error_code"), rs.getString("error_message"),
        tokens, rs.getBoolean("usage_estimated"), rs.getDouble("cost_usd"), rs.getDouble("latency_ms"), ttftMs,
        rs.getDouble("overhead_ms"), rs.getString("cache"), rs.getString("end_user"),
        Json.strings(rs.getString("tags")), Json.object(rs.getString("metadata")),
        withBodies ? rs.getString("request") : null, withBodies ? rs.getString("response") : null, attempts,
        details(rs));
  }

  private static TraceDetails details(ResultSet rs) throws SQLException {
    double similarity = rs.getDouble("cache_similarity");
    Double cacheSimilarity = rs.wasNull() ? null : similarity;
    double saved = rs.getDouble("cost_saved_usd");
    String retrieved = rs.getString("retrieved");
    String prompt = rs.getString("prompt");
    String guard = rs.getString("guard");
    String traceparent = rs.getString("traceparent");
    String operation = rs.getString("operation");
    String skipped = rs.getString("skipped");
    String retrievalSkipped = rs.getString("retrieval_skipped");
    String semanticSkipped = rs.getString("semantic_skipped");
    String api = rs.getString("api");
    double searchMs = rs.getDouble("retrieval_ms");
    Double retrievalMs = rs.wasNull() ? null : searchMs;
    String leftOut = rs.getString("left_out");
    if (cacheSimilarity == null && saved == 0 && retrieved == null && prompt == null && guard == null
        && traceparent == null && operation == null && skipped == null && retrievalSkipped == null
        && semanticSkipped == null && api == null && retrievalMs == null && leftOut == null) {
      return TraceDetails.NONE;
    }
    return new TraceDetails(cacheSimilarity, saved, retrieved == null ? null : Json.chunks(retrieved), prompt,
        Json.verdicts(guard), traceparent, operation, Json.skipped(skipped), retrievalSkipped, semanticSkipped, api,
        retrievalMs, Json.leftOut(leftOut));
  }

  static TraceRecord withAttempts(TraceRecord t, List<AttemptRecord> attempts) {
    return new TraceRecord(t.id(), t.startedAt(), t.tenant(), t.keyId(), t.model(), t.provider(), t.upstreamModel(),
        t.responseModel(), t.systemFingerprint(), t.stream(), t.status(), t.errorCode(), t.errorMessage(), t.tokens(),
        t.usageEstimated(), t.costUsd(), t.latencyMs(), t.ttftMs(), t.overheadMs(), t.cache(), t.user(), t.tags(),
        t.metadata(), t.request(), t.response(), attempts, t.details());
  }

  static AttemptRecord readAttempt(ResultSet rs) throws SQLException {
    double started = rs.getDouble("started_ms");
    Double startedMs = rs.wasNull() ? null : started;
    return new AttemptRecord(rs.getInt("idx"), rs.getString("provider"), rs.getString("upstream_model"),
        rs.getDouble("latency_ms"), rs.getString("outcome"), rs.getInt("http_status"), rs.getString("error"),
        rs.getInt("input_tokens"), rs.getInt("output_tokens"), rs.getDouble("cost_usd"),
        rs.getBoolean("cost_estimated"), startedMs);
  }
}
