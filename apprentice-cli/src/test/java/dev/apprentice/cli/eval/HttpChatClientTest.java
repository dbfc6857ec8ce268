package dev.apprentice.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.eval.client.ChatFailure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code eval run --url}'s calls: a failure to get through says why, as the admin commands say it; a refusal carries
 * the wait the server asked for, which the runner honours for a rate limit.
 */
class HttpChatClientTest {

  @Test
  void aServerThatIsNotThereIsAConnectionRefusedNotANullMessage() throws IOException {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    HttpChatClient client = new HttpChatClient("http://127.0.0.1:" + port + "/v1", null);

    ChatFailure failure = catchThrowableOfType(ChatFailure.class,
        () -> client.complete(ChatRequest.builder().model("sim-echo").build(), List.of("eval")));

    assertThat(failure.code()).isEqualTo("transport");
    assertThat(failure.getMessage())
        .isEqualTo("cannot reach http://127.0.0.1:" + port + "/v1/chat/completions: connection refused");
  }

  @Test
  void aRateLimitRefusalCarriesTheWaitTheServerAskedForInRetryAfter() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", exchange -> {
      byte[] body = """
          {"error":{"message":"Rate limit exceeded: key k-1 allows 2 calls at once.","type":"rate_limit_error",\
          "code":"rate_limit_exceeded"}}""".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Retry-After", "7");
      exchange.sendResponseHeaders(429, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      HttpChatClient client = new HttpChatClient("http://127.0.0.1:" + server.getAddress().getPort() + "/v1", "k");

      ChatFailure failure = catchThrowableOfType(ChatFailure.class,
          () -> client.complete(ChatRequest.builder().model("sim-echo").build(), List.of("eval")));

      assertThat(failure.code()).isEqualTo("rate_limit_exceeded");
      assertThat(failure.status()).isEqualTo(429);
      assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    } finally {
      server.stop(0);
    }
  }
}
