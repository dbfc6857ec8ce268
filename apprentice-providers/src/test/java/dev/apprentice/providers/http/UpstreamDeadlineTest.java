package dev.apprentice.providers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.CallContext;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A call whose deadline passed before it could be sent fails without touching the network, and says so. */
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
}
