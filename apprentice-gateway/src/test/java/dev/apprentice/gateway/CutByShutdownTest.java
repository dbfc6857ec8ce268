package dev.apprentice.gateway;

import static dev.apprentice.gateway.TestRoutes.request;
import static dev.apprentice.gateway.TestRoutes.route;
import static dev.apprentice.gateway.TestRoutes.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.ProviderException;
import dev.apprentice.gateway.resilience.Breakers;
import dev.apprentice.testing.FakeProvider;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Once the server is told to stop, the web server interrupts the handlers still running after its grace period: the
 * call each was making is cut short by the gateway, not failed by its upstream. It ends as 503 {@code shutting_down},
 * retries nothing, and its target's circuit hears nothing of it.
 */
class CutByShutdownTest {

  /** Opens after two calls when at least half failed. */
  private static final Breakers.Policy STRICT = new Breakers.Policy(50, 2, Duration.ofSeconds(30));

  private final FakeProvider upstream = new FakeProvider("up");
  private final Gateway gateway = Gateway.builder().sleeper(new FakeSleeper())
      .model(route("single", target(upstream, "p-model")).retries(2).breaker(STRICT).build()).build();

  @AfterEach
  void close() {
    gateway.close();
    upstream.close();
  }

  @Test
  void callsWaitingOnTheirUpstreamWhenTheShutdownCutsThemShortFailAsShuttingDownAndLeaveTheCircuitClosed()
      throws Exception {
    upstream.then(FakeProvider.hang(), FakeProvider.hang());
    gateway.stopping();

    for (int i = 1; i <= 2; i++) {
      Call call = gateway.open(request("single"), "trace-" + i, Map.of());
      Throwable failed = cutShortWhileWaiting(i, () -> gateway.execute(call, request("single")));

      assertThat(failed).isInstanceOf(GatewayException.class);
      assertThat(((GatewayException) failed).code()).isEqualTo(ErrorCode.SHUTTING_DOWN);
      assertThat(failed.getMessage()).startsWith("the gateway is shutting down: the call was cut short");
      assertThat(call.attempts()).as("no retry: the upstream did not fail").hasSize(1);
      assertThat(call.attempts().getFirst().failure()).isEqualTo(ProviderException.Kind.CANCELLED);
    }

    upstream.then(FakeProvider.reply("still here"));
    Call after = gateway.open(request("single"), "trace-after", Map.of());
    gateway.execute(after, request("single"));
    assertThat(after.servedBy()).as("two cut calls opened no circuit").isEqualTo("up/p-model");
  }

  @Test
  void aStreamTheShutdownCutsShortMidWayEndsAsShuttingDown() throws Exception {
    upstream.then(FakeProvider.streamStallAfter(1));
    ChatRequest request = TestRoutes.streamingRequest("single");
    Call call = gateway.open(request, "trace", Map.of());
    Outcome.Streaming streaming = (Outcome.Streaming) gateway.execute(call, request);
    gateway.stopping();

    try (ChunkStream rest = streaming.rest()) {
      Throwable failed = cutShortWhileWaiting(0, rest::next);

      assertThat(failed).isInstanceOf(ProviderException.class);
      GatewayException told = StreamBreak.of((ProviderException) failed);
      assertThat(told.code()).isEqualTo(ErrorCode.SHUTTING_DOWN);
      assertThat(told.getMessage()).startsWith("the gateway is shutting down: the call was cut short");
    }
  }

  @Test
  void aStreamCancelledWhileTheGatewayServesOnIsNotTheShutdowns() {
    GatewayException told = StreamBreak.of(new ProviderException(ProviderException.Kind.CANCELLED, 0, "up: closed"));

    assertThat(told.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
  }

  private interface Work {
    Object run() throws Exception;
  }

  /**
   * Runs {@code work} on a thread of its own and, once the upstream is waited on ({@code calls} calls made of it, or a
   * stalled stream read), interrupts it as the web server does after its grace period; returns what it failed with.
   */
  private Throwable cutShortWhileWaiting(int calls, Work work) throws InterruptedException {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread handler = Thread.ofVirtual().start(() -> {
      try {
        work.run();
      } catch (Throwable e) {
        failure.set(e);
      }
    });
    while (calls > 0 ? upstream.calls() < calls : upstream.waiting() < 1) Thread.sleep(5);
    handler.interrupt();
    handler.join();
    return failure.get();
  }
}
