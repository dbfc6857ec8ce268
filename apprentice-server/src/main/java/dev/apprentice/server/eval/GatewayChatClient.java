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
import dev.apprentice.server.access.Authenticator;
import dev.apprentice.server.http.TraceIds;
import dev.apprentice.server.prompt.PromptCalls;
import dev.apprentice.server.prompt.PromptRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Calls the gateway in this process: the same pipeline as an HTTP call (limits, guards, cache, routing, retries,
 * accounting), so every item is traced and costed, without the HTTP round trip. The cost, tokens and retrieved
 * chunks come from the call itself. A request whose model is a registered prompt ({@code prompt:NAME@ref}, with its
 * {@code variables}) is rendered first, as {@code POST /v1/chat/completions} renders it ({@link PromptCalls}), and
 * traced with the prompt's {@code name@version}.
 */
public final class GatewayChatClient implements ChatClient {

  private static final String TAGS = "x-apprentice-tags";

  private final Gateway gateway;
  private final Caller caller;
  private final PromptCalls prompts;
  private final Clock clock;

  /**
   * Calls made as {@code caller}: its key's and its tenant's limits and budgets hold them back as they hold that
   * caller's HTTP calls, and their spend is booked to it; once its key expires (a run may outlast it), each call is
   * refused 401 {@code invalid_api_key}, as the key's HTTP calls are.
   *
   * @param prompts renders {@code prompt:NAME} models; null: such a model is unknown, as any other name would be
   */
  public GatewayChatClient(Gateway gateway, Caller caller, PromptRegistry prompts) {
    this(gateway, caller, prompts, Clock.systemUTC());
  }

  /** As above, the key's expiry judged by {@code clock}. */
  public GatewayChatClient(Gateway gateway, Caller caller, PromptRegistry prompts, Clock clock) {
    this.gateway = gateway;
    this.caller = caller;
    this.prompts = prompts == null ? null : new PromptCalls(prompts);
    this.clock = clock;
  }

  /** Calls made without a key or any limit ({@link Caller#ANONYMOUS}): for benchmarks and tests of the pipeline. */
  public GatewayChatClient(Gateway gateway) {
    this(gateway, Caller.ANONYMOUS, null);
  }

  @Override
  public Completion complete(ChatRequest request, List<String> tags) {
    if (caller.key() != null && caller.key().expiresAt() != null && caller.key().expiredAt(clock.instant())) {
      GatewayException expired = Authenticator.expired(caller.key()); // refused before it was a call: no trace
      throw new ChatFailure(expired.code().code(), expired.getMessage(), null, expired.code().status());
    }
    String traceId = TraceIds.next();
    long start = System.nanoTime();
    try {
      ChatRequest sent = request;
      PromptCalls.Rendered rendered = null;
      if (prompts != null && PromptCalls.isPromptCall(request)) {
        try {
          rendered = prompts.render(request); // the prompt names the model alias the gateway routes to
        } catch (GatewayException e) {
          // refused before it was a call: no trace
          throw new ChatFailure(e.code().code(), e.getMessage(), null, e.code().status());
        }
        sent = rendered.request();
      }
      // no-cache: an evaluation measures the model (its cost and latency), not the response cache
      Call call = gateway.open(sent, traceId, Map.of(TAGS, String.join(",", tags), "cache-control", "no-cache"),
          start, caller);
      if (rendered != null) {
        call.requestBody(rendered.captured());
        call.prompt(rendered.prompt());
      }
      Outcome outcome = gateway.execute(call, sent);
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
      throw new ChatFailure(e.code().code(), e.getMessage(), traceId, e.code().status(), e.retryAfter());
    }
  }

  private static int usageIn(Outcome.Complete c) {
    return c.response().usage() == null ? 0 : c.response().usage().promptTokens();
  }

  private static int usageOut(Outcome.Complete c) {
    return c.response().usage() == null ? 0 : c.response().usage().completionTokens();
  }
}
