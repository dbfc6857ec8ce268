package dev.apprentice.cli.admin;

import dev.apprentice.api.retrieval.LeftOutChunk;
import dev.apprentice.api.retrieval.RetrievedChunk;
import dev.apprentice.api.trace.AttemptRecord;
import dev.apprentice.api.trace.SkippedTarget;
import dev.apprentice.api.trace.Tokens;
import dev.apprentice.api.trace.TraceDetails;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.store.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Traces written straight into a data directory's store, as the gateway's writer would. */
final class SampleTraces {

  static final Instant NOW = Instant.now();

  private SampleTraces() {}

  static TraceRecord ok(String id, Instant at, String tenant, String model, int in, int out, double cost) {
    return ok(id, at, tenant, "key-" + tenant, model, in, out, cost);
  }

  /** As {@link #ok(String, Instant, String, String, int, int, double)}, made with the key {@code keyId}. */
  static TraceRecord ok(String id, Instant at, String tenant, String keyId, String model, int in, int out,
      double cost) {
    return new TraceRecord(id, at, tenant, keyId, model, "openai", "gpt-4o", "gpt-4o-2024-08-06", "fp_1",
        false, 200, null, null, new Tokens(in, out, 0, 0, 0), false, cost, 240.0, null, 1.25, "miss", "alice",
        List.of("nightly"), Map.of("run", "r1"),
        "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\"}",
        List.of(new AttemptRecord(0, "openai", "gpt-4o", 230.0, "ok", 200, null)));
  }

  /** A call the exact cache tier answered, with the target that made the cached answer, or none (null) known. */
  static TraceRecord cached(String id, Instant at, String tenant, String model, String provider, String upstream) {
    return new TraceRecord(id, at, tenant, "key-" + tenant, model, provider, upstream, "gpt-4o-2024-08-06", null,
        false, 200, null, null, Tokens.NONE, false, 0, 2.0, null, 1.0, "exact", null, List.of(), Map.of(), null, null,
        List.of());
  }

  static TraceRecord refused(String id, Instant at, String tenant, String model) {
    return new TraceRecord(id, at, tenant, "key-" + tenant, model, null, null, null, null, false, 429,
        "rate_limit_exceeded", "over 60 requests per minute", Tokens.NONE, false, 0, 3.0, null, 3.0, "miss", null,
        List.of(), Map.of(), null, null, List.of());
  }

  static TraceRecord retried(String id, Instant at, String tenant, String model) {
    return new TraceRecord(id, at, tenant, null, model, "anthropic", "claude-haiku-4-5", "claude-haiku-4-5", null, true,
        200, null, null, new Tokens(100, 50, 0, 0, 0), true, 0.5, 900.0, 120.0, 2.0, "miss", null, List.of(), Map.of(),
        null, null, List.of(new AttemptRecord(0, "openai", "gpt-4o", 300.0, "server_error", 500, "HTTP 500"),
            new AttemptRecord(1, "anthropic", "claude-haiku-4-5", 500.0, "ok", 200, null)));
  }

  /** As {@link #retried}, each attempt saying when it began: 25 ms in, and after a wait, 1,325 ms in. */
  static TraceRecord retriedAfterAWait(String id, Instant at, String tenant, String model) {
    return new TraceRecord(id, at, tenant, null, model, "anthropic", "claude-haiku-4-5", "claude-haiku-4-5", null, true,
        200, null, null, new Tokens(100, 50, 0, 0, 0), true, 0.5, 1900.0, 120.0, 2.0, "miss", null, List.of(),
        Map.of(), null, null,
        List.of(new AttemptRecord(0, "openai", "gpt-4o", 300.0, "server_error", 500, "HTTP 500", 0, 0, 0, false, 25.0),
            new AttemptRecord(1, "anthropic", "claude-haiku-4-5", 500.0, "ok", 200, null, 100, 50, 0.5, true,
                1325.0)));
  }

  /** A call whose first target's circuit was open and whose second cannot serve it: the third answered. */
  static TraceRecord fellBack(String id, Instant at, String tenant, String model) {
    return new TraceRecord(id, at, tenant, null, model, "backup", "gpt-4o", "gpt-4o", null, false, 200, null, null,
        new Tokens(10, 5, 0, 0, 0), false, 0.01, 300.0, null, 1.0, "miss", null, List.of(), Map.of(), null, null,
        List.of(new AttemptRecord(0, "backup", "gpt-4o", 290.0, "ok", 200, null)),
        TraceDetails.NONE.withSkipped(List.of(
            new SkippedTarget("openai", "gpt-4o", SkippedTarget.CIRCUIT_OPEN, null),
            new SkippedTarget("claude", "claude-sonnet-4-5", SkippedTarget.UNSUPPORTED, "n above 1 is not supported"))));
  }

  /** A call of a {@code rag:} model whose conversation held no user text to search with. */
  static TraceRecord unsearched(String id, Instant at, String tenant, String model) {
    return unsearched(id, at, tenant, model, TraceDetails.NO_QUERY);
  }

  /** A {@code rag:} model's call that went without retrieval, for {@code why}. */
  static TraceRecord unsearched(String id, Instant at, String tenant, String model, String why) {
    return new TraceRecord(id, at, tenant, null, model, "openai", "gpt-4o", "gpt-4o", null, false, 200, null, null,
        new Tokens(10, 5, 0, 0, 0), false, 0.01, 300.0, null, 1.0, "miss", null, List.of(), Map.of(), null, null,
        List.of(new AttemptRecord(0, "openai", "gpt-4o", 290.0, "ok", 200, null)),
        TraceDetails.NONE.withRetrievalSkipped(why));
  }

  /** A {@code rag:} model's call whose search found nothing to put into the prompt. */
  static TraceRecord searchedInVain(String id, Instant at, String tenant, String model) {
    return new TraceRecord(id, at, tenant, null, model, "openai", "gpt-4o", "gpt-4o", null, false, 200, null, null,
        new Tokens(10, 5, 0, 0, 0), false, 0.01, 300.0, null, 1.0, "miss", null, List.of(), Map.of(), null, null,
        List.of(new AttemptRecord(0, "openai", "gpt-4o", 290.0, "ok", 200, null)),
        TraceDetails.NONE.withRetrieved(List.of()));
  }

  /**
   * A {@code rag:} model's call whose search, 12.5 ms long, put two chunks into the prompt and left two out: a copy of
   * the first's text, and one over the model's context budget.
   */
  static TraceRecord retrieved(String id, Instant at, String tenant, String model) {
    return new TraceRecord(id, at, tenant, null, model, "openai", "gpt-4o", "gpt-4o", null, false, 200, null, null,
        new Tokens(10, 5, 0, 0, 0), false, 0.01, 300.0, null, 14.0, "miss", null, List.of(), Map.of(), null, null,
        List.of(new AttemptRecord(0, "openai", "gpt-4o", 280.0, "ok", 200, null)),
        TraceDetails.NONE.withRetrieved(List.of(
            new RetrievedChunk("policies", "home.md", "home.md#0", "Flood cover.", 0.46),
            new RetrievedChunk("policies", "car.md", "car.md#2", "Rental car.", 0.31)))
            .withRetrievalMs(12.5)
            .withLeftOut(List.of(
                new LeftOutChunk("old/home.md", "old/home.md#0", 0.46, LeftOutChunk.DUPLICATE, "home.md#0"),
                new LeftOutChunk("travel.md", "travel.md#5", 0.22, LeftOutChunk.CONTEXT_BUDGET, null))));
  }

  static TraceRecord embedded(String id, Instant at, String tenant, String model) {
    return new TraceRecord(id, at, tenant, "key-" + tenant, model, "local", "all-minilm-l6-v2", "all-minilm-l6-v2",
        null, false, 200, null, null, new Tokens(9, 0, 0, 0, 0), false, 0, 12.0, null, 0.4, "miss", null, List.of(),
        Map.of(), null, null, List.of(new AttemptRecord(0, "local", "all-minilm-l6-v2", 11.0, "ok", 200, null)),
        TraceDetails.embeddings(null, List.of()));
  }

  /** A chat call made through {@code /v1/responses}. */
  static TraceRecord throughResponses(String id, Instant at, String tenant, String model) {
    return new TraceRecord(id, at, tenant, "key-" + tenant, model, "openai", "gpt-4o", "gpt-4o", null, false, 200,
        null, null, new Tokens(9, 3, 0, 0, 0), false, 0.0001, 40.0, null, 0.4, "miss", null, List.of(), Map.of(),
        null, null, List.of(new AttemptRecord(0, "openai", "gpt-4o", 39.0, "ok", 200, null)),
        TraceDetails.NONE.withApi(TraceDetails.RESPONSES));
  }

  /** Stores the traces in the default database of {@code dataDir}. */
  static void store(Path dataDir, TraceRecord... traces) {
    try (Store store = Store.open("jdbc:sqlite:" + dataDir.resolve("apprentice.db"))) {
      store.traces().append(List.of(traces));
    }
  }
}
