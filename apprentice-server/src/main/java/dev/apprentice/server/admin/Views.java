package dev.apprentice.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.apprentice.api.access.ApiKey;
import dev.apprentice.api.trace.AttemptRecord;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.api.trace.SkippedTarget;
import dev.apprentice.api.trace.TraceDetails;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.store.CostQuery;
import dev.apprentice.store.CostRow;
import dev.apprentice.store.TracePage;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The JSON shapes of the admin API and of the CLI's JSON output (snake_case, as the rest of the API): keys without
 * their hashes, traces with their attempts and captured bodies, cost rows.
 */
public final class Views {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Views() {}

  /**
   * A key as listed {@code now}: its {@code state} is {@code revoked}, {@code expired} or {@code active}. A field not
   * set (no name, no limit, never revoked, never expiring) is an explicit null, not left out, so that every key has
   * one shape.
   */
  public static Map<String, Object> key(ApiKey k, Instant now) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", k.id());
    v.put("object", "key");
    v.put("role", k.role().name().toLowerCase());
    v.put("tenant", k.tenant());
    v.put("name", orNull(k.name()));
    v.put("models", k.models().stream().sorted().toList());
    v.put("rpm", orNull(k.limits().rpm()));
    v.put("tpm", orNull(k.limits().tpm()));
    v.put("budget_usd_per_day", orNull(k.limits().budgetUsdPerDay()));
    v.put("budget_usd_per_month", orNull(k.limits().budgetUsdPerMonth()));
    v.put("max_concurrent", orNull(k.limits().maxConcurrent()));
    v.put("created_at", k.createdAt().toString());
    v.put("revoked_at", orNull(k.revokedAt() == null ? null : k.revokedAt().toString()));
    v.put("expires_at", orNull(k.expiresAt() == null ? null : k.expiresAt().toString()));
    v.put("state", state(k, now));
    return v;
  }

  /** A key's state {@code now}: {@code revoked}, {@code expired} or {@code active}. */
  private static String state(ApiKey k, Instant now) {
    return !k.active() ? "revoked" : k.expiredAt(now) ? "expired" : "active";
  }

  /** {@code value}, or a JSON null that the admin API's mapper (which leaves Java nulls out) still writes. */
  private static Object orNull(Object value) {
    return value == null ? NullNode.getInstance() : value;
  }

  public static Map<String, Object> trace(TraceRecord t) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", t.id());
    v.put("object", "trace");
    v.put("started_at", t.startedAt().toString());
    v.put("tenant", t.tenant());
    v.put("key_id", t.keyId());
    v.put("model", t.model());
    v.put("provider", t.provider());
    v.put("upstream_model", t.upstreamModel());
    v.put("response_model", t.responseModel());
    v.put("system_fingerprint", t.systemFingerprint());
    v.put("stream", t.stream());
    v.put("status", t.status());
    v.put("error_code", t.errorCode());
    v.put("error_message", t.errorMessage());
    v.put("input_tokens", t.tokens().input());
    v.put("output_tokens", t.tokens().output());
    v.put("cached_input_tokens", t.tokens().cachedInput());
    v.put("cache_write_tokens", t.tokens().cacheWrite());
    v.put("reasoning_tokens", t.tokens().reasoning());
    v.put("usage_estimated", t.usageEstimated());
    v.put("cost_usd", usd(t.costUsd()));
    v.put("latency_ms", t.latencyMs());
    v.put("ttft_ms", t.ttftMs());
    v.put("overhead_ms", t.overheadMs());
    v.put("cache", t.cache());
    if (t.details().prompt() != null) v.put("prompt", t.details().prompt());
    if (t.details().traceparent() != null) v.put("traceparent", t.details().traceparent());
    v.put("operation", t.details().isEmbeddings() ? TraceDetails.EMBEDDINGS : "chat");
    v.put("api", t.details().wireApi());
    if (t.details().cacheSimilarity() != null) v.put("cache_similarity", t.details().cacheSimilarity());
    if (t.details().costSavedUsd() > 0) v.put("cost_saved_usd", usd(t.details().costSavedUsd()));
    if (!t.details().retrieved().isEmpty() || t.details().retrievedNothing()) { // []: the search found nothing
      v.put("retrieved", t.details().retrieved().stream().map(Views::chunk).toList());
    }
    if (!t.details().leftOut().isEmpty()) {
      v.put("left_out", t.details().leftOut().stream().map(Views::leftOut).toList());
    }
    if (t.details().retrievalSkipped() != null) v.put("retrieval_skipped", t.details().retrievalSkipped());
    if (t.details().retrievalMs() != null) v.put("retrieval_ms", t.details().retrievalMs());
    if (t.details().semanticSkipped() != null) v.put("semantic_skipped", t.details().semanticSkipped());
    if (!t.details().verdicts().isEmpty()) v.put("guard", t.details().verdicts().stream().map(Views::verdict).toList());
    v.put("user", t.user());
    v.put("tags", t.tags());
    v.put("metadata", t.metadata());
    v.put("attempts", t.attempts().stream().map(Views::attempt).toList());
    if (!t.details().skipped().isEmpty()) v.put("skipped", t.details().skipped().stream().map(Views::skipped).toList());
    if (t.request() != null) v.put("request", body(t.request()));
    if (t.response() != null) v.put("response", body(t.response()));
    return v;
  }

  private static Map<String, Object> chunk(dev.apprentice.api.retrieval.RetrievedChunk c) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("collection", c.collection());
    v.put("document_id", c.documentId());
    v.put("chunk_id", c.chunkId());
    v.put("score", c.score());
    return v;
  }

  private static Map<String, Object> leftOut(dev.apprentice.api.retrieval.LeftOutChunk c) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("document_id", c.documentId());
    v.put("chunk_id", c.chunkId());
    v.put("score", c.score());
    v.put("reason", c.reason());
    if (c.sameAs() != null) v.put("same_as", c.sameAs());
    return v;
  }

  private static Map<String, Object> verdict(GuardVerdict g) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("direction", g.direction());
    v.put("scanner", g.scanner());
    v.put("score", g.score());
    v.put("action", g.action());
    v.put("findings", g.findings());
    v.put("micros", g.micros());
    return v;
  }

  private static Map<String, Object> attempt(AttemptRecord a) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("index", a.index());
    v.put("provider", a.provider());
    v.put("upstream_model", a.upstreamModel());
    v.put("latency_ms", a.latencyMs());
    v.put("outcome", a.outcome());
    v.put("http_status", a.httpStatus());
    v.put("error", a.error());
    v.put("input_tokens", a.inputTokens());
    v.put("output_tokens", a.outputTokens());
    v.put("cost_usd", usd(a.costUsd()));
    v.put("cost_estimated", a.costEstimated());
    v.put("started_ms", a.startedMs());
    return v;
  }

  private static Map<String, Object> skipped(SkippedTarget s) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("provider", s.provider());
    v.put("upstream_model", s.upstreamModel());
    v.put("reason", s.reason());
    v.put("message", s.message());
    return v;
  }

  public static Map<String, Object> cost(CostRow r) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("group", r.group());
    v.put("calls", r.calls());
    v.put("input_tokens", r.inputTokens());
    v.put("output_tokens", r.outputTokens());
    v.put("cost_usd", usd(r.costUsd()));
    v.put("estimated_calls", r.estimatedCalls());
    return v;
  }

  /**
   * A row of the report by key, with whose key it is: its {@code name}, {@code tenant} and {@code state} as
   * {@link #key} lists them, each an explicit null for the calls made without a key ({@code anonymous}) and for a key
   * id the key store no longer holds.
   */
  private static Map<String, Object> cost(CostRow r, Map<String, ApiKey> keys, Instant now) {
    Map<String, Object> v = cost(r);
    ApiKey k = keys.get(r.group());
    v.put("name", orNull(k == null ? null : k.name()));
    v.put("tenant", orNull(k == null ? null : k.tenant()));
    v.put("state", orNull(k == null ? null : state(k, now)));
    return v;
  }

  /**
   * A cost report: its rows, how they are grouped, where it really starts and ends (whole UTC days; {@code until}
   * exclusive) and its total. Grouped by key, each row names its key ({@link #cost(CostRow, Map, Instant)}), from
   * {@code keys} read once for the whole report (not at all for another grouping, or no row).
   */
  public static Map<String, Object> costs(CostQuery query, List<CostRow> rows, Supplier<List<ApiKey>> keys,
      Instant now) {
    List<Map<String, Object>> data;
    if (query.groupBy() == CostQuery.GroupBy.KEY && !rows.isEmpty()) {
      Map<String, ApiKey> byId = new HashMap<>();
      keys.get().forEach(k -> byId.put(k.id(), k));
      data = rows.stream().map(r -> cost(r, byId, now)).toList();
    } else {
      data = rows.stream().map(Views::cost).toList();
    }
    Map<String, Object> v = new LinkedHashMap<>(list(data));
    v.put("group_by", query.groupBy().name().toLowerCase(Locale.ROOT));
    v.put("since", query.since() == null ? null : query.from().toString());
    v.put("until", query.until() == null ? null : query.to().toString());
    v.put("total_usd", usd(rows.stream().mapToDouble(CostRow::costUsd).sum()));
    return v;
  }

  /** A page of traces: the list, with {@code has_more} true when another page follows (after its last {@code id}). */
  public static Map<String, Object> page(TracePage page) {
    Map<String, Object> v = list(page.traces().stream().map(Views::trace).toList());
    v.put("has_more", page.hasMore());
    return v;
  }

  public static Map<String, Object> list(List<?> data) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("object", "list");
    v.put("data", data);
    return v;
  }

  /** Dollars to a tenth of a micro-dollar: enough for any price table, without binary-fraction noise. */
  public static double usd(double value) {
    return Math.round(value * 1e10) / 1e10;
  }

  /** A captured body as JSON when it parses (it always should), else as the raw string. */
  private static Object body(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      return node;
    } catch (Exception e) {
      return json;
    }
  }
}
