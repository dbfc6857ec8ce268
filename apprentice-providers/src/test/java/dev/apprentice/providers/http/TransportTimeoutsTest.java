package dev.apprentice.providers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.testing.FakeUpstream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The wait for an answer to start and the reads of its body have separate limits, in both transports. */
class TransportTimeoutsTest {

  private static final String[] JSON = {"content-type", "application/json"};
  private static final Duration SHORT = Duration.ofMillis(300);
  private static final Duration LONG = Duration.ofSeconds(10);

  private final FakeUpstream upstream = new FakeUpstream();

  @AfterEach
  void stop() {
    upstream.close();
  }

  static Stream<Transport> transports() {
    return Stream.of(new HelidonTransport(Duration.ofSeconds(2)), new JdkTransport(Duration.ofSeconds(2)));
  }

  private Transport.Response post(Transport transport, Duration start, Duration read) throws Exception {
    return transport.post(URI.create(upstream.baseUrl() + "/chat/completions"), JSON,
        "{}".getBytes(StandardCharsets.UTF_8), start, read);
  }

  @ParameterizedTest
  @MethodSource("transports")
  void anAnswerThatDoesNotStartWithinTheStartTimeoutTimesOut(Transport transport) {
    upstream.delayed(Duration.ofSeconds(2), 200, "{}");

    assertThatThrownBy(() -> post(transport, SHORT, LONG)).isInstanceOf(HttpTimeoutException.class);
  }

  @ParameterizedTest
  @MethodSource("transports")
  void aStreamThatPausesLongerThanTheStartTimeoutIsReadToItsEnd(Transport transport) throws Exception {
    upstream.ssePaced(Duration.ofMillis(700), List.of("data: one", "data: two", "data: three", "data: [DONE]"));

    Transport.Response response = post(transport, SHORT, LONG);

    try (InputStream body = response.body()) {
      assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("data: one\n\ndata: two\n\ndata: three\n\ndata: [DONE]\n\n");
    }
  }

  @ParameterizedTest
  @MethodSource("transports")
  void theNextCallOnAKeptAliveConnectionHasItsOwnStartTimeout(Transport transport) throws Exception {
    upstream.sse(List.of("data: [DONE]"));
    upstream.delayed(Duration.ofSeconds(2), 200, "{}");
    try (InputStream body = post(transport, SHORT, LONG).body()) {
      body.readAllBytes();
    }

    assertThatThrownBy(() -> post(transport, SHORT, LONG)).isInstanceOf(HttpTimeoutException.class);
  }

  @org.junit.jupiter.api.Test
  void helidonEndsABodyReadThatWaitsLongerThanTheReadTimeout() throws Exception {
    upstream.ssePaced(Duration.ofSeconds(3), List.of("data: one", "data: two"));

    Transport.Response response = post(new HelidonTransport(Duration.ofSeconds(2)), SHORT, Duration.ofMillis(800));

    try (InputStream body = response.body()) {
      assertThatThrownBy(body::readAllBytes).isInstanceOf(IOException.class);
    }
  }
}
