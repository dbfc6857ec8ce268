package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.CallContext;
import dev.apprentice.api.ChatProvider;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ProviderException;
import dev.apprentice.testing.FakeProvider;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code server.max_inflight_body_mb}: the bodies of the model calls being served hold at most that many bytes at
 * once. A body that does not fit beside them is refused unread, 503 {@code overloaded} with {@code Retry-After}, while
 * smaller ones are served; a call gives its bytes back when it ends, however it ends. A budget of 1 MiB here, and
 * bodies of 700 KB (held), 400 KB (over what is left) and 200 KB (within it).
 */
class InflightBodyBudgetTest {

  private static final String YAML = """
      server: { max_inflight_body_mb: 1 }
      providers:
        gated: { type: simulator }
        hanging: { type: simulator }
        sim: { type: simulator }
      models:
        held: { targets: [ { provider: gated, model: g } ], retries: 0 }
        stuck: { targets: [ { provider: hanging, model: h } ], retries: 0, timeout_ms: 300 }
        free: { targets: [ { provider: sim, model: sim-echo } ] }
      """;

  private final GatedProvider gated = new GatedProvider();
  private final FakeProvider hanging = new FakeProvider("hanging").byDefault(FakeProvider.hang());
  private final HttpClient client = HttpClient.newHttpClient();
  private RunningGateway gateway;

  @AfterEach
  void stop() {
    client.shutdownNow();
    gated.gate.release(100);
    if (gateway != null) gateway.close();
    hanging.close();
  }

  private void start() {
    gateway = Gateways.running(YAML, Map.of("gated", gated, "hanging", hanging));
  }

  @Test
  void aBodyOverWhatIsLeftOfTheBudgetIsShedWhileSmallerOnesAreServedAndTheBytesComeBackWhenTheCallEnds()
      throws Exception {
    start();
    CompletableFuture<HttpResponse<String>> holding = sendAsync(chat("held", 700_000, false));
    gated.arrived.acquire(); // its 700 KB are held while the upstream keeps it waiting

    HttpResponse<String> tooLarge = send(chat("free", 400_000, false));
    HttpResponse<String> tooLargeChunked = send(chunked("free", 400_000));
    HttpResponse<String> small = send(chat("free", 200_000, false));

    assertError(tooLarge, 503, "server_error", "overloaded", null);
    assertThat(tooLarge.body()).contains("server.max_inflight_body_mb");
    assertThat(tooLarge.headers().firstValue("retry-after")).hasValue("1");
    assertThat(tooLarge.headers().firstValue("x-apprentice-trace-id")).as("nothing is traced").isEmpty();
    assertThat(tooLarge.headers().allValues("connection")).as("its body was read to its end: the connection stays")
        .doesNotContain("close");
    assertError(tooLargeChunked, 503, "server_error", "overloaded", null);
    assertThat(small.statusCode()).as(small.body()).isEqualTo(200);

    gated.gate.release();
    assertThat(holding.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(send(chat("free", 700_000, false)).statusCode()).as("served once the held call ended").isEqualTo(200);
    String metrics = send(HttpRequest.newBuilder(uri("/metrics")).GET().build()).body();
    assertThat(metrics).contains("apprentice_calls_shed_total{reason=\"max_inflight_body_mb\"} 2.0",
        "apprentice_calls_shed_total{reason=\"max_concurrent_calls\"} 0.0", "apprentice_inflight_body_bytes 0.0");
  }

  @Test
  void aBodyLargerThanTheWholeBudgetIsServedWhenNoOtherCallHoldsAny() throws Exception {
    start();
    assertThat(send(chat("free", 1_500_000, false)).statusCode()).isEqualTo(200);
  }

  @Test
  void aChunkedBodyLargerThanTheWholeBudgetIsServedWhenNoOtherCallHoldsAnyAndASecondOneBesideItIsShed()
      throws Exception {
    start();
    CompletableFuture<HttpResponse<String>> alone = sendAsync(chunked("held", 1_500_000));
    // read whole, 64 KiB a piece, past the budget: its own earlier pieces do not crowd it out
    assertThat(gated.arrived.tryAcquire(20, TimeUnit.SECONDS) || alone.isDone())
        .as("the call reached its upstream or was answered").isTrue();
    assertThat(alone.isDone()).as("%s", alone.getNow(null)).isFalse();

    HttpResponse<String> beside = send(chunked("free", 1_500_000));

    assertError(beside, 503, "server_error", "overloaded", null);
    gated.gate.release();
    assertThat(alone.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(send(chunked("free", 1_500_000)).statusCode()).as("alone again").isEqualTo(200);
  }

  @Test
  void callsThatFailTimeOutStreamOrWhoseClientLeavesGiveTheirBytesBack() throws Exception {
    start();
    gated.inner.then(FakeProvider.fail(ProviderException.Kind.SERVER_ERROR, 500, null));
    gated.gate.release();
    assertThat(send(chat("held", 700_000, false)).statusCode()).as("the upstream failed").isEqualTo(502);
    assertThat(send(chat("stuck", 700_000, false)).statusCode()).as("timed out").isEqualTo(504);
    HttpResponse<String> stream = send(chat("free", 700_000, true));
    assertThat(stream.body()).contains("data: [DONE]");

    byte[] body = chatBody("held", 700_000, false);
    try (RawConnection leaving = new RawConnection(gateway.server())) {
      leaving.send(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      leaving.send(body);
      gated.arrived.acquire(2); // the failed call's arrival, then this one's
    } // the client leaves while its call waits for the upstream
    awaitNoBodyBytesHeld();

    assertThat(send(chat("free", 700_000, false)).statusCode()).as("every byte came back").isEqualTo(200);
  }

  /** The departed client's call ends once the server notices it left (within a few seconds). */
  private void awaitNoBodyBytesHeld() throws Exception {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RawConnection.PATIENCE_MS);
    while (heldBytes() > 0 && System.nanoTime() < until) Thread.sleep(20);
    assertThat(heldBytes()).isZero();
  }

  private double heldBytes() throws Exception {
    Matcher held = Pattern.compile("(?m)^apprentice_inflight_body_bytes (\\S+)$")
        .matcher(send(HttpRequest.newBuilder(uri("/metrics")).GET().build()).body());
    assertThat(held.find()).isTrue();
    return Double.parseDouble(held.group(1));
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + gateway.server().port() + path);
  }

  private HttpRequest chat(String model, int chars, boolean stream) {
    return HttpRequest.newBuilder(uri("/v1/chat/completions")).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(chatBody(model, chars, stream))).build();
  }

  /** A call whose body is sent chunked (no Content-Length). */
  private HttpRequest chunked(String model, int chars) {
    byte[] body = chatBody(model, chars, false);
    return HttpRequest.newBuilder(uri("/v1/chat/completions")).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
  }

  private static byte[] chatBody(String model, int chars, boolean stream) {
    return ("{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\""
        + "a ".repeat(chars / 2) + "\"}]}").getBytes(StandardCharsets.UTF_8);
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
    return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Holds each call until the test lets one through ({@link #gate}), then answers as its scripted fake does. */
  private static final class GatedProvider implements ChatProvider {
    final FakeProvider inner = new FakeProvider("gated");
    final Semaphore arrived = new Semaphore(0);
    final Semaphore gate = new Semaphore(0);

    @Override
    public String name() {
      return "gated";
    }

    @Override
    public String type() {
      return inner.type();
    }

    @Override
    public ChatResponse chat(ChatRequest request, CallContext context) throws ProviderException {
      arrived.release();
      try {
        gate.acquire();
      } catch (InterruptedException cancelled) {
        throw new ProviderException(ProviderException.Kind.CANCELLED, 0, "gated: the call was cancelled");
      }
      return inner.chat(request, context);
    }

    @Override
    public ChunkStream stream(ChatRequest request, CallContext context) throws ProviderException {
      return inner.stream(request, context);
    }

    @Override
    public Capabilities capabilities() {
      return inner.capabilities();
    }
  }
}
