package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.trace.AttemptRecord;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.api.trace.TraceDetails;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.api.trace.Tokens;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Latency, overhead, tokens, spend, cache, guardrail and stream-failure meters split by the wire API a call came
 * through ({@code api}), as the request and error counters do: a user can tell what the Responses API costs and how
 * fast it answers beside Chat Completions.
 */
class MetricsByWireApiTest {

  private final GatewayMetrics metrics = new GatewayMetrics();

  private static TraceRecord call(String api, boolean stream) {
    TraceDetails details = TraceDetails.NONE.withApi(api).withCache(null, 0.5)
        .withSemanticSkipped(TraceDetails.PII_IN_PROMPT)
        .withVerdicts(List.of(new GuardVerdict(GuardVerdict.INPUT, "pii", 1, "redact", Map.of("EMAIL", 1), 40)));
    return new TraceRecord("t-" + api, Instant.parse("2026-03-01T10:00:00Z"), "acme", "k1", "smart", "openai",
        "gpt-4o", null, null, stream, 200, null, null, new Tokens(100, 20, 0, 10, 5), true, 0.003, 120.0, null, 0.2,
        "exact", null, null, null, null, null,
        List.of(new AttemptRecord(0, "openai", "gpt-4o", 100, "ok", 200, null, 100, 20, 0.003, true)), details);
  }

  @Test
  void everyPerCallMeterOfACallIsCountedUnderTheWireApiItCameThrough() {
    metrics.accept(call(TraceDetails.RESPONSES, true));
    metrics.accept(call(TraceDetails.CHAT_COMPLETIONS, false));
    metrics.cacheLookedUp(TraceDetails.RESPONSES, "smart", "acme", "exact");
    metrics.cacheLookedUp(TraceDetails.CHAT_COMPLETIONS, "smart", "acme", "exact");
    metrics.answered(TraceDetails.CHAT_COMPLETIONS, "smart", 300_000);
    metrics.streamFailed(TraceDetails.RESPONSES, "smart", "upstream_error");

    PrometheusText scraped = PrometheusText.parse(metrics.scrape());

    for (String family : List.of("apprentice_request_duration_seconds_count", "apprentice_gateway_overhead_seconds_count",
        "apprentice_tokens_total", "apprentice_cost_usd_total", "apprentice_cost_estimated_usd_total",
        "apprentice_cache_lookups_total", "apprentice_cache_saved_usd_total", "apprentice_cache_semantic_skipped_total",
        "apprentice_guard_verdicts_total")) {
      assertThat(scraped.sum(family, Map.of("api", "responses"))).as(family + " of the Responses call").isPositive();
      assertThat(scraped.sum(family, Map.of("api", "chat_completions"))).as(family + " of the chat completion")
          .isEqualTo(scraped.sum(family, Map.of("api", "responses")));
    }
    assertThat(scraped.sum("apprentice_gateway_answered_overhead_seconds_count", Map.of("api", "chat_completions")))
        .isEqualTo(1);
    assertThat(scraped.sum("apprentice_stream_failures_total", Map.of("api", "responses", "reason", "upstream_error")))
        .isEqualTo(1);
    assertThat(scraped.sum("apprentice_tokens_total", Map.of("api", "responses", "type", "output"))).isEqualTo(20);
  }

  @Test
  void noMeterLabelledByACallsModelLacksItsWireApi() {
    metrics.accept(call(TraceDetails.RESPONSES, false));
    metrics.cacheLookedUp(TraceDetails.RESPONSES, "smart", "acme", "miss");
    metrics.answered(TraceDetails.RESPONSES, "smart", 300_000);
    metrics.streamFailed(TraceDetails.RESPONSES, "smart", "client_disconnected");
    metrics.rejected(TraceDetails.EMBEDDINGS, 404, "model_not_found");

    PrometheusText scraped = PrometheusText.parse(metrics.scrape());

    assertThat(scraped.samples()).filteredOn(s -> s.labels().containsKey("model")).isNotEmpty()
        .allSatisfy(s -> assertThat(s.labels()).as(s.name()).containsKey("api"));
  }
}
