package dev.apprentice.server.http;

import static dev.apprentice.testing.FakeProvider.fail;
import static dev.apprentice.testing.FakeProvider.reply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ProviderException;
import dev.apprentice.api.access.ApiKey;
import dev.apprentice.api.access.Limits;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.gateway.Gateway;
import dev.apprentice.gateway.Interceptor;
import dev.apprentice.gateway.accounting.AccountingStep;
import dev.apprentice.gateway.accounting.Capture;
import dev.apprentice.gateway.cost.PriceTable;
import dev.apprentice.gateway.cost.Pricing;
import dev.apprentice.gateway.cost.TokenEstimator;
import dev.apprentice.gateway.resilience.Breakers;
import dev.apprentice.gateway.routing.FallbackRouter;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.gateway.routing.Target;
import dev.apprentice.server.GatewayMetrics;
import dev.apprentice.server.access.AdminKey;
import dev.apprentice.server.access.Authenticator;
import dev.apprentice.server.access.Keys;
import dev.apprentice.store.KeyStore;
import dev.apprentice.testing.FakeProvider;
import io.helidon.webserver.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client's departure noticed only once the accounting has ended its call: the watcher's look at the connection
 * ({@link ClientDeparture}) lands between the trace and the answer's first byte. The trace already says what the call
 * answered, so the answer is written as it says, not hung up on; a client really gone fails the write, as any client
 * that leaves while its answer is written. Here the cancel comes from a step around the accounting, at exactly that
 * moment, and the client is still there to read what it was sent.
 */
class LateDepartureTest {

  private final FakeProvider upstream = new FakeProvider("up");
  private final List<TraceRecord> traces = new CopyOnWriteArrayList<>();
  private Gateway gateway;
  private WebServer server;
  private HttpClient client;

  @AfterEach
  void stop() {
    if (client != null) client.shutdownNow();
    if (server != null) server.stop();
    if (gateway != null) gateway.close();
    upstream.close();
  }

  /** Serves model {@code smart} from {@link #upstream}; every call is cancelled just after its accounting ended it. */
  private void start() {
    ModelRoute route = new ModelRoute("smart", new FallbackRouter(), List.of(new Target(upstream, "gpt-4o", 1)), 0,
        Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofMillis(1),
        new Breakers.Policy(50, 1_000, Duration.ofSeconds(30)));
    Interceptor cancelledOnceTraced = chain -> {
      try {
        return chain.proceed(chain.request());
      } finally {
        chain.call().cancel(); // as the watcher would, had it found the client gone just now
      }
    };
    gateway = Gateway.builder()
        .interceptor(cancelledOnceTraced)
        .interceptor(new AccountingStep(new Pricing(PriceTable.builtIn(), Map.of()), new TokenEstimator(),
            model -> Capture.METADATA_ONLY, traces::add))
        .model(route)
        .build();
    Keys keys = new Keys(new NoKeys(), Clock.systemUTC());
    Authenticator auth = new Authenticator(keys, AdminKey.resolve(keys, "late-departure-test-admin-key-0123456789"),
        true, tenant -> Limits.NONE);
    ChatHandler chat = new ChatHandler(gateway, new RequestBodies(1 << 20), new GatewayMetrics(), auth, trace -> true);
    server = WebServer.builder().host("127.0.0.1").port(0)
        .routing(routing -> routing.post("/v1/chat/completions", chat))
        .build().start();
    client = HttpClient.newHttpClient();
  }

  private HttpResponse<String> chat() throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.port() + "/v1/chat/completions");
    HttpRequest request = HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"smart\",\"messages\":[{\"role\":\"user\",\"content\":\"capital of France?\"}]}"))
        .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anAnswerTracedAsAnsweredIsWrittenThoughItsClientIsFoundGoneJustAfter() throws Exception {
    upstream.byDefault(reply("Paris"));
    start();

    HttpResponse<String> response = chat();

    assertThat(traces).singleElement().satisfies(trace -> assertThat(trace.status()).isEqualTo(200));
    assertThat(response.statusCode()).as("as the trace says").isEqualTo(200);
    assertThat(response.body()).contains("Paris");
  }

  @Test
  void aFailureTracedAsSuchIsAnsweredThoughItsClientIsFoundGoneJustAfter() throws Exception {
    upstream.byDefault(fail(ProviderException.Kind.SERVER_ERROR, 500, null));
    start();

    HttpResponse<String> response = chat();

    assertThat(traces).singleElement().satisfies(trace -> assertThat(trace.status()).isEqualTo(502));
    assertThat(response.statusCode()).as("as the trace says").isEqualTo(502);
    assertThat(response.body()).contains("upstream_error");
  }

  /** A store without keys: calls from loopback are anonymous. */
  private static final class NoKeys implements KeyStore {
    @Override
    public void insert(ApiKey key) {
      throw new UnsupportedOperationException("no keys here");
    }

    @Override
    public List<ApiKey> list() {
      return List.of();
    }

    @Override
    public Optional<ApiKey> find(String id) {
      return Optional.empty();
    }

    @Override
    public boolean revoke(String id, Instant at) {
      return false;
    }

    @Override
    public boolean anyClientKeyCreated() {
      return false;
    }
  }
}
