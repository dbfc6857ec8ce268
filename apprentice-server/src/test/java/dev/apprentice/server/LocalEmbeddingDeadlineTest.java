package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.Embedding;
import dev.apprentice.testing.GatedEmbedder;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A call of the in-process embedding model waits for its vectors at most {@code embeddings.timeout_ms}: past it, the
 * documented 504, and its texts leave the model's queue rather than run for a caller that is gone.
 */
@Timeout(60)
class LocalEmbeddingDeadlineTest {

  private static final String ADMIN_KEY = "admin-key-for-local-deadline-tests";

  private final GatedEmbedder slow = GatedBuiltInModel.open();
  private RunningGateway gateway;

  @AfterEach
  void stop() {
    slow.close();
    if (gateway != null) gateway.close();
  }

  @Test
  void aLocalEmbeddingCallPastItsTimeoutIsA504AndItsTextsNeverRun() throws Exception {
    gateway = Gateways.running("""
        providers: { sim: { type: simulator } }
        models: { echo: { targets: [ { provider: sim, model: sim-echo } ] } }
        embeddings: { timeout_ms: 200 }
        """, TempDirs.create(), Map.of(), ADMIN_KEY, Clock.systemUTC(), () -> slow);
    KeyedHttp http = gateway.http();
    CompletableFuture<List<Embedding>> ahead = slow.hold(); // nothing else runs until the gate opens

    HttpResponse<String> late = http.post("/v1/embeddings", null,
        "{\"model\":\"local/all-minilm-l6-v2\",\"input\":[\"late one\",\"late two\"]}");

    assertThat(assertError(late, 504, "upstream_error", "upstream_timeout", null).path("message").asText())
        .isEqualTo("model 'local/all-minilm-l6-v2' did not answer within 200 ms");
    String traceId = late.headers().firstValue("x-apprentice-trace-id").orElseThrow();
    slow.release();
    assertThat(ahead.get()).hasSize(1);
    HttpResponse<String> after = http.post("/v1/embeddings", null,
        "{\"model\":\"local/all-minilm-l6-v2\",\"input\":\"after\"}");
    assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
    assertThat(slow.ran()).as("the timed-out call's texts left the queue").containsExactly("ahead", "after");
    gateway.server().accounting().flush();
    assertThat(gateway.admin().trace(traceId).path("status").asInt()).isEqualTo(504);
  }
}
