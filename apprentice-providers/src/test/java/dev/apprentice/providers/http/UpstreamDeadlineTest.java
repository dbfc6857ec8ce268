package dev.apprentice.providers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.CallContext;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A call whose deadline passed before it could be sent fails without touching the network, and says so; an answer
 * whose body is still arriving at the deadline fails as a timeout, however its upstream paces it.
 */
class UpstreamDeadlineTest {

  @Test
  void aCallPastItsDeadlineIsNotSentAndItsTimeoutSaysNoRequestWentOut() {
    AtomicInteger posts = new AtomicInteger();
    Transport counting = (uri, headers, body, startTimeout, readTimeout) -> {
      posts.incrementAndGet();
      throw new AssertionError("nothing should be sent");
    };
    Upstream upstream = new Upstream("up", counting);
    CallContext expired = new CallContext("trace", System.nanoTime() - 1, Map.of());

    assertThatThrownBy(() -> upstream.post(URI.create("http://127.0.0.1:9/v1/chat/completions"), new String[0],
        "{}".getBytes(StandardCharsets.UTF_8), expired))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
          assertThat(e.requestSent()).isFalse();
        });
    assertThat(posts).hasValue(0);
  }

  @Test
  void aTimeoutTheUpstreamAnsweredCameFromASentRequest() {
    ProviderException answered = new Upstream("up", (uri, headers, body, start, read) -> null)
        .classify(504, HttpHeaders.of(Map.of(), (a, b) -> true), "gateway timeout");

    assertThat(answered.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(answered.requestSent()).isTrue();
  }

  /** A body that never ends: one space at a time, each after a pause (keep-alive whitespace before a JSON answer). */
  private static final class EndlessWhitespace extends InputStream {
    @Override
    public int read() {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
      return ' ';
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) return 0;
      int c = read();
      if (c < 0) return -1;
      b[off] = (byte) c;
      return 1;
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // without the deadline the body would be read for ever
  void aWholeAnswerWhoseBodyKeepsTricklingInFailsAsATimeoutOnceItsDeadlinePasses() {
    Transport trickling = (uri, headers, body, startTimeout, readTimeout) ->
        new Transport.Response(200, HttpHeaders.of(Map.of(), (a, b) -> true), new EndlessWhitespace());
    Upstream upstream = new Upstream("up", trickling);
    CallContext context = CallContext.withTimeout("trace", java.time.Duration.ofMillis(200));

    assertThatThrownBy(() -> {
      Transport.Response response = upstream.post(URI.create("http://127.0.0.1:9/v1/chat/completions"),
          new String[0], "{}".getBytes(StandardCharsets.UTF_8), context);
      try (InputStream body = response.body()) {
        Bodies.readAll(body, response.headers());
      } catch (java.io.IOException e) {
        throw upstream.readFailure(response.status(), e);
      }
    }).isInstanceOfSatisfying(ProviderException.class, e -> {
      assertThat(e.kind()).as("no whole answer in its time, as one that never started").isEqualTo(Kind.TIMEOUT);
      assertThat(e.status()).isZero();
      assertThat(e.getMessage()).isEqualTo(
          "up: its HTTP 200 answer did not arrive whole in time (its time ran out while the body was still arriving)");
    });
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void anErrorBodyThatKeepsTricklingInIsCutAtTheDeadlineAndTheStatusStillDecides() {
    Transport trickling = (uri, headers, body, startTimeout, readTimeout) ->
        new Transport.Response(503, HttpHeaders.of(Map.of(), (a, b) -> true), new EndlessWhitespace());
    Upstream upstream = new Upstream("up", trickling);
    CallContext context = CallContext.withTimeout("trace", java.time.Duration.ofMillis(200));

    assertThatThrownBy(() -> upstream.post(URI.create("http://127.0.0.1:9/v1/chat/completions"), new String[0],
        "{}".getBytes(StandardCharsets.UTF_8), context))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.OVERLOADED);
          assertThat(e.status()).isEqualTo(503);
        });
  }
}
