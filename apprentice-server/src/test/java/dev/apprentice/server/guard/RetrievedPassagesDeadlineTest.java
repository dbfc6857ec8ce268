package dev.apprentice.server.guard;

import static dev.apprentice.server.guard.GuardedGateway.ask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.Embedding;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.retrieval.RetrievedChunk;
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.config.ConfigLoader;
import dev.apprentice.gateway.config.GuardSettings;
import dev.apprentice.gateway.resilience.Breakers;
import dev.apprentice.gateway.routing.FallbackRouter;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.gateway.routing.Target;
import dev.apprentice.guard.output.JsonSchemaCheck;
import dev.apprentice.guard.policy.GuardPolicy;
import dev.apprentice.guard.policy.InputGuard;
import dev.apprentice.guard.policy.OutputGuard;
import dev.apprentice.server.GatedBuiltInModel;
import dev.apprentice.testing.FakeProvider;
import dev.apprentice.testing.GatedEmbedder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documents a RAG model retrieves are read by its injection detector within the call's deadline: documents it
 * cannot read in time fail the call with the deadline's 504, never go into the prompt unread.
 */
@Timeout(60)
class RetrievedPassagesDeadlineTest {

  private static final List<RetrievedChunk> DOCUMENTS = List.of(
      new RetrievedChunk("kb", "refunds", "refunds#0", "Refunds take five working days.", 0.9),
      new RetrievedChunk("kb", "contacts", "contacts#0", "Escalations go to the back office.", 0.8));

  @AutoClose
  private final GatedEmbedder embedder = GatedBuiltInModel.open();
  @AutoClose
  private final FakeProvider upstream = new FakeProvider("up");
  @TempDir
  private Path dataDir;

  @Test
  void passagesTheInjectionDetectorCannotReadBeforeTheDeadlineFailTheCallWithA504() throws Exception {
    GuardSettings settings = ConfigLoader.parse("""
        providers: { sim: { type: simulator } }
        models:
          smart:
            targets: [ { provider: sim, model: sim-echo } ]
            guard: { input: { injection: block } }
        """, Map.of()).models().get("smart").guard();
    GuardPolicy policy = GuardSteps.of(dataDir, () -> embedder, Clock.systemUTC()).policy(settings);
    new InputGuard(policy).check(ask("Who handles escalations?")); // trains the detector while the model is free
    GuardStep.Guard guard = new GuardStep.Guard(policy, new InputGuard(policy),
        new OutputGuard(policy, new JsonSchemaCheck()));
    RetrievedContentGuard documents = new RetrievedContentGuard(model -> guard, new ScannersOfCalls());
    ModelRoute route = new ModelRoute("smart", new FallbackRouter(), List.of(new Target(upstream, "gpt-4o", 1)), 0,
        Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofMillis(1),
        new Breakers.Policy(50, 1_000, Duration.ofSeconds(30)));
    Call call = new Call("tr_1", route, System.nanoTime(), Map.of());
    CompletableFuture<List<Embedding>> ahead = embedder.hold();
    int before = embedder.queued().size();

    assertThatThrownBy(() -> documents.check(call, ask("Who handles escalations?"), DOCUMENTS))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_TIMEOUT);
          assertThat(e.getMessage()).isEqualTo("model 'smart' did not answer within 300 ms: the guardrail's"
              + " 'injection' scanner reading the retrieved passages did not finish in that time (it waited for the"
              + " local embedding model); nothing was sent upstream");
        });

    List<String> queued = embedder.queued();
    List<String> passages = List.copyOf(queued.subList(before, queued.size()));
    assertThat(passages).isNotEmpty();
    embedder.release();
    ahead.get(30, TimeUnit.SECONDS);
    assertThat(embedder.ran()).as("the passages left the queue unread").doesNotContainAnyElementsOf(passages);
    assertThat(call.verdicts()).as("no verdict on what was not read").isEmpty();
  }
}
