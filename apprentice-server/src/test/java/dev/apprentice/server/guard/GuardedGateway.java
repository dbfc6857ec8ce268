package dev.apprentice.server.guard;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatProvider;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.Message;
import dev.apprentice.api.retrieval.RetrievedChunk;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.Gateway;
import dev.apprentice.gateway.Outcome;
import dev.apprentice.gateway.accounting.AccountingStep;
import dev.apprentice.gateway.accounting.Capture;
import dev.apprentice.gateway.cache.CacheStep;
import dev.apprentice.gateway.config.CacheSettings;
import dev.apprentice.gateway.config.ConfigLoader;
import dev.apprentice.gateway.config.GuardSettings;
import dev.apprentice.gateway.config.PriceSettings;
import dev.apprentice.gateway.config.RagSettings;
import dev.apprentice.gateway.rag.RagStep;
import dev.apprentice.gateway.cost.PriceTable;
import dev.apprentice.gateway.cost.Pricing;
import dev.apprentice.gateway.cost.TokenEstimator;
import dev.apprentice.gateway.resilience.Breakers;
import dev.apprentice.gateway.routing.FallbackRouter;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.gateway.routing.Target;
import dev.apprentice.guard.output.JsonSchemaCheck;
import dev.apprentice.guard.policy.GuardPolicy;
import dev.apprentice.guard.policy.InputGuard;
import dev.apprentice.guard.policy.OutputGuard;
import dev.apprentice.testing.FakeProvider;
import dev.apprentice.testing.InMemoryCache;
import dev.apprentice.testing.WordHashEmbedder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A gateway for guard tests: the accounting step (capturing full bodies into {@link #traces}), the guard step with
 * the policy of a {@code guard:} block written in YAML, the cache (with its defaults: only requests meant to repeat),
 * and one model {@code smart} served by {@link #upstream}.
 */
final class GuardedGateway implements AutoCloseable {

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  final FakeProvider upstream = new FakeProvider("up");
  final List<TraceRecord> traces = new CopyOnWriteArrayList<>();
  private final Gateway gateway;
  /** The exact cache between the guard and the upstream, for every request with temperature 0. */
  final InMemoryCache cache = new InMemoryCache();
  /** Where the injection detector is trained and kept, for this gateway only. */
  private final java.nio.file.Path dataDir;

  /** @param guardYaml the model's {@code guard:} block, indented as under a model (four spaces) */
  GuardedGateway(String guardYaml) {
    this(guardYaml, List.of());
  }

  /**
   * With {@code documents} non-empty, {@code smart} is also a RAG model whose retrieval always finds them, and whose
   * guard reads them before they go into the prompt.
   */
  GuardedGateway(String guardYaml, List<RetrievedChunk> documents) {
    this(guardYaml, documents, upstream -> upstream);
  }

  /** With {@code smart}'s target reaching {@link #upstream} through {@code reached} (a fake around it). */
  GuardedGateway(String guardYaml, java.util.function.UnaryOperator<ChatProvider> reached) {
    this(guardYaml, List.of(), reached);
  }

  private GuardedGateway(String guardYaml, List<RetrievedChunk> documents,
      java.util.function.UnaryOperator<ChatProvider> reached) {
    this(dir -> GuardSteps.of(dir, WordHashEmbedder::new, java.time.Clock.systemUTC()).policy(settings(guardYaml)),
        documents, reached);
  }

  /** With this policy, made in code (a fake scanner in it), rather than of a {@code guard:} block. */
  GuardedGateway(GuardPolicy policy) {
    this(dir -> policy, List.of(), upstream -> upstream);
  }

  private GuardedGateway(java.util.function.Function<java.nio.file.Path, GuardPolicy> policyIn,
      List<RetrievedChunk> documents, java.util.function.UnaryOperator<ChatProvider> reached) {
    try {
      dataDir = java.nio.file.Files.createTempDirectory("apprentice-guard-test");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    GuardPolicy policy = policyIn.apply(dataDir);
    GuardStep.Guard guard = new GuardStep.Guard(policy, new InputGuard(policy),
        new OutputGuard(policy, new JsonSchemaCheck()));
    ModelRoute route = new ModelRoute("smart", new FallbackRouter(), List.of(new Target(reached.apply(upstream), "gpt-4o", 1)), 0,
        Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(1),
        new Breakers.Policy(50, 1_000, Duration.ofSeconds(30)));
    Pricing pricing = new Pricing(PriceTable.builtIn(), Map.of("smart", new PriceSettings(2.0, 10.0, null, null, null)));
    java.util.function.Function<String, GuardStep.Guard> guards = model -> model.equals("smart") ? guard : null;
    ScannersOfCalls scanners = new ScannersOfCalls();
    Gateway.Builder builder = Gateway.builder()
        .interceptor(new AccountingStep(pricing, new TokenEstimator(), model -> Capture.FULL, traces::add))
        .interceptor(new GuardStep(guards, scanners))
        .interceptor(new CacheStep(cache, model -> CacheSettings.defaults(), Runnable::run, CacheStep.Options.DEFAULTS));
    if (!documents.isEmpty()) {
      RagSettings rag = new RagSettings("kb", documents.size(), -1, RagSettings.DEFAULT_TEMPLATE);
      builder.interceptor(new RagStep((collection, query, k) -> documents, model -> rag,
          new RetrievedContentGuard(guards, scanners)));
    }
    gateway = builder.model(route).build();
  }

  private static GuardSettings settings(String guardYaml) {
    return ConfigLoader.parse("""
        providers:
          sim: { type: simulator }
        models:
          smart:
            targets: [ { provider: sim, model: sim-echo } ]
            guard:
        """ + guardYaml, Map.of()).models().get("smart").guard();
  }

  static ChatRequest request(boolean stream, Map<String, Object> responseFormat, Message... messages) {
    return ChatRequest.builder().model("smart").messages(List.of(messages)).stream(stream ? true : null)
        .responseFormat(responseFormat).build();
  }

  static ChatRequest ask(String text) {
    return request(false, null, Message.user(text));
  }

  static ChatRequest askStreaming(String text) {
    return request(true, null, Message.user(text));
  }

  Outcome execute(ChatRequest request) {
    return execute(open(request), request);
  }

  /** Opens a call of {@code request}, for a test that acts on the call itself (cancels it) while it runs. */
  Call open(ChatRequest request) {
    return gateway.open(request, "tr_" + System.nanoTime(), Map.of());
  }

  Outcome execute(Call call, ChatRequest request) {
    return gateway.execute(call, request);
  }

  /** The answer's text, non-streamed. */
  String text(ChatRequest request) {
    return ((Outcome.Complete) execute(request)).response().text();
  }

  /** Reads a streamed answer to its end: the content of each chunk, in order (null for chunks without content). */
  List<String> streamedContents(ChatRequest request) throws Exception {
    Outcome.Streaming streaming = (Outcome.Streaming) execute(request);
    List<String> contents = new ArrayList<>();
    try (ChunkStream rest = streaming.rest()) {
      for (ChatChunk c = streaming.first(); c != null; c = rest.next()) {
        contents.add(c.choices() == null || c.choices().isEmpty() ? null : c.choices().getFirst().delta().content());
      }
    }
    return contents;
  }

  TraceRecord lastTrace() {
    return traces.getLast();
  }

  /** Every request the upstream received, whole, as JSON text. */
  String receivedByUpstream() throws Exception {
    StringBuilder all = new StringBuilder();
    for (FakeProvider.Received r : upstream.received()) all.append(JSON.writeValueAsString(r.request())).append('\n');
    return all.toString();
  }

  @Override
  public void close() {
    gateway.close();
    upstream.close();
    try (var paths = java.nio.file.Files.walk(dataDir)) {
      for (var p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) java.nio.file.Files.delete(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
