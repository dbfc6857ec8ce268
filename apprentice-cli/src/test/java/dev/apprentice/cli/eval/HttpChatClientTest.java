package dev.apprentice.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.eval.client.ChatFailure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code eval run --url}'s calls: a failure to get through says why, as the admin commands say it. */
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
}
