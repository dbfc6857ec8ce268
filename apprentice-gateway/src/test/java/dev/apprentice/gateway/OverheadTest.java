package dev.apprentice.gateway;

import static dev.apprentice.gateway.TestRoutes.request;
import static dev.apprentice.gateway.TestRoutes.route;
import static dev.apprentice.gateway.TestRoutes.target;
import static dev.apprentice.testing.FakeProvider.fail;
import static dev.apprentice.testing.FakeProvider.reply;
import static dev.apprentice.testing.FakeProvider.streamStallAfter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.api.Sleeper;
import dev.apprentice.testing.FakeProvider;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OverheadTest {

  /** Long beside scheduling hiccups on a busy machine, so that the overhead bound below cannot be missed by one. */
  private static final Duration UPSTREAM = Duration.ofMillis(200);

  @Test
  void theOverheadExcludesUpstreamTimeAndDeliberateRetryWaits() {
    FakeProvider openai = new FakeProvider("openai");
    ChatRequest request = request("smart");
    Random seeded = new Random(8);
    try (Gateway gateway = Gateway.builder().sleeper(Sleeper.REAL).random(() -> seeded)
        .model(route("smart", target(openai, "gpt-4o")).retries(1).backoff(UPSTREAM).build()).build()) {
      gateway.execute(gateway.open(request, "warm-up", Map.of()), request);
      openai.then(fail(Kind.SERVER_ERROR, 500, null).after(UPSTREAM), reply("slow answer").after(UPSTREAM));

      Call call = gateway.open(request, "trace", Map.of());
      gateway.execute(call, request);
      long end = System.nanoTime();

      Duration total = Duration.ofNanos(end - call.startNanos());
      Duration overhead = Duration.ofNanos(call.overheadNanos(end));
      assertThat(call.attempts()).hasSize(2);
      assertThat(total).isGreaterThanOrEqualTo(UPSTREAM.multipliedBy(2).plus(UPSTREAM.dividedBy(2)));
      assertThat(Duration.ofNanos(call.upstreamNanos())).isGreaterThanOrEqualTo(UPSTREAM.multipliedBy(2));
      assertThat(overhead).isLessThan(UPSTREAM.dividedBy(2));
    }
  }

  @Test
  void theOverheadExcludesTheWaitOfAStepThatReadsTheStreamAheadBeforeTheAnswerBegins() {
    FakeProvider openai = new FakeProvider("openai");
    openai.byDefault(streamStallAfter(1));
    // as the output guard reads a stream's opening ahead: here one read, which waits until the upstream gives up
    Interceptor readingAhead = chain -> {
      Outcome.Streaming streaming = (Outcome.Streaming) chain.proceed(chain.request());
      Thread.ofVirtual().start(() -> {
        try {
          Thread.sleep(UPSTREAM);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        streaming.rest().close();
      });
      try {
        streaming.rest().next();
      } catch (ProviderException gaveUp) {
        // the upstream's stream, closed meanwhile
      }
      return streaming;
    };
    ChatRequest request = TestRoutes.streamingRequest("smart");
    try (Gateway gateway = Gateway.builder().interceptor(readingAhead)
        .model(route("smart", target(openai, "gpt-4o")).build()).build()) {
      Call call = gateway.open(request, "trace", Map.of());
      gateway.execute(call, request);
      long end = System.nanoTime();

      assertThat(Duration.ofNanos(end - call.startNanos())).isGreaterThanOrEqualTo(UPSTREAM);
      assertThat(Duration.ofNanos(call.overheadNanos(end))).isLessThan(UPSTREAM.dividedBy(2));
    }
  }
}
