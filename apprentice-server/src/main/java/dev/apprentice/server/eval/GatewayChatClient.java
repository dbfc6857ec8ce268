package dev.apprentice.server.eval;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.access.Caller;
import dev.apprentice.api.retrieval.RetrievedChunk;
import dev.apprentice.eval.client.ChatClient;
import dev.apprentice.eval.client.ChatFailure;
import dev.apprentice.eval.client.Completion;
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.CallEnd;
import dev.apprentice.gateway.Gateway;
import dev.apprentice.gateway.Outcome;
import dev.apprentice.server.http.TraceIds;
import java.util.List;
import java.util.Map;

/**
 * Calls the gateway in this process: the same pipeline as an HTTP call (limits, guards, cache, routing, retries,
 * accounting), so every item is traced and costed, without the HTTP round trip. The cost, tokens and retrieved
 * chunks come from the call itself.
 */
public final class GatewayChatClient implements ChatClient {

  private static final String TAGS = "x-apprentice-tags";

  private final Gateway gateway;
  private final Caller caller;

  /**
   * Calls made as {@code caller}: its key's and its tenant's limits and budgets hold them back as they hold that
   * caller's HTTP calls, and their spend is booked to it.
   */
  public GatewayChatClient(Gateway gateway, Caller caller) {
    this.gateway = gateway;
    this.caller = caller;
  }

  /** Calls made without a key or any limit ({@link Caller#ANONYMOUS}): for benchmarks and tests of the pipeline. */
  public GatewayChatClient(Gateway gateway) {
    this(gateway, Caller.ANONYMOUS);
  }

  @Override
  public Completion complete(ChatRequest request, List<String> tags) {
    String traceId = TraceIds.next();
    long start = System.nanoTime();
    try {
      // no-cache: an evaluation measures the model (its cost and latency), not the response cache
      Call call = gateway.open(request, traceId, Map.of(TAGS, String.join(",", tags), "cache-control", "no-cache"),
          start, caller);
      Outcome outcome = gateway.execute(call, request);
      if (!(outcome instanceof Outcome.Complete complete)) {
        if (outcome instanceof Outcome.Streaming streaming) streaming.rest().close();
        throw new ChatFailure("stream", "the gateway answered a non-streamed request with a stream", traceId);
      }
      double latencyMs = (System.nanoTime() - start) / 1e6;
      CallEnd end = call.ended();
      int in = end == null ? usageIn(complete) : end.tokens().input();
      int out = end == null ? usageOut(complete) : end.tokens().output();
      List<String> retrieved = call.retrieved().stream().map(RetrievedChunk::chunkId).toList();
      return new Completion(complete.response().text(), in, out, end == null ? 0 : end.costUsd(), latencyMs, traceId,
          retrieved);
    } catch (GatewayException e) {
      throw new ChatFailure(e.code().code(), e.getMessage(), traceId);
    }
  }

  private static int usageIn(Outcome.Complete c) {
    return c.response().usage() == null ? 0 : c.response().usage().promptTokens();
  }

  private static int usageOut(Outcome.Complete c) {
    return c.response().usage() == null ? 0 : c.response().usage().completionTokens();
  }
}
