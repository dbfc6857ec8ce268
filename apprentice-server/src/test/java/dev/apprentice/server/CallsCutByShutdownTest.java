package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatProvider;
import dev.apprentice.store.Store;
import dev.apprentice.store.TraceQuery;
import dev.apprentice.testing.FakeProvider;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls still running when the shutdown's grace period ends are interrupted by the web server, and end a moment after
 * its stop returns: their traces must still reach the store before it closes. They were dropped, every one: a stream
 * or a slow answer longer than the grace period left no record of a call its upstream had been sent. And they are
 * traced as what they are, cut short by the shutdown (503 {@code shutting_down}): they were traced as the upstream's
 * failures ({@code upstream_error}, "the call was cancelled"), which blamed it for the gateway's own stopping.
 */
class CallsCutByShutdownTest {

  @TempDir
  Path data;

  @Test
  void callsStillRunningWhenTheGracePeriodEndsAreTracedBeforeTheStoreCloses() throws Exception {
    FakeProvider upstream = new FakeProvider("up");
    upstream.then(FakeProvider.hang()); // the plain call: no answer within the grace period
    upstream.then(FakeProvider.streamStallAfter(1)); // the stream: one chunk, then nothing
    RunningGateway gateway = Gateways.running("""
        providers: { up: { type: simulator } }
        models:
          single: { targets: [ { provider: up, model: p-model } ], retries: 0, timeout_ms: 600000 }
        """, data, Map.<String, ChatProvider>of("up", upstream), Gateways.ADMIN_KEY, Clock.systemUTC(), null)
        .closing(upstream);
    RawHttp http = new RawHttp(gateway.server());

    CompletableFuture<HttpResponse<String>> plain = CompletableFuture.supplyAsync(() -> http.post(
        "/v1/chat/completions", "{\"model\":\"single\",\"messages\":[{\"role\":\"user\",\"content\":\"slow\"}]}"));
    while (upstream.calls() < 1) Thread.sleep(10);
    HttpResponse<InputStream> stream = http.postStreaming("/v1/chat/completions",
        "{\"model\":\"single\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"long\"}]}");
    assertThat(stream.statusCode()).isEqualTo(200);
    BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    for (String line = events.readLine(); line != null && !line.startsWith("data:"); line = events.readLine()) {
      // up to the first chunk: the stream is under way
    }

    gateway.close(); // the grace period passes with both calls still running
    HttpResponse<String> answered = plain.handle((answer, cut) -> answer).join();
    if (answered != null) { // the client's connection outlived its call: it reads why
      assertThat(answered.statusCode()).isEqualTo(503);
      assertThat(answered.body()).contains("\"code\":\"shutting_down\"");
    }

    List<String> traced = new ArrayList<>();
    try (Store store = Store.open("jdbc:sqlite:" + data.resolve("apprentice.db"))) {
      store.traces().export(TraceQuery.all(), trace -> traced.add(
          (trace.stream() ? "stream " : "plain ") + trace.model() + " " + trace.errorCode()));
    }
    assertThat(traced).as("traces of the two calls cut by the shutdown")
        .containsExactlyInAnyOrder("plain single shutting_down", "stream single shutting_down");
  }
}
