package dev.apprentice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeUpstreamTest {

  private final FakeUpstream upstream = new FakeUpstream();

  @AfterEach
  void close() {
    upstream.close();
  }

  @Test
  void aResetConnectionClosesAfterTheRequestWithoutSendingAByteOfAnswer() throws IOException {
    upstream.connectionReset();
    byte[] body = "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8);

    byte[] answer;
    try (Socket socket = new Socket("127.0.0.1", upstream.port())) {
      socket.setSoTimeout(10_000); // a guard against a fake that never closes, not a timing assertion
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      answer = firstBytes(socket.getInputStream());
    }

    assertThat(new String(answer, StandardCharsets.ISO_8859_1)).as("no status line, no header, nothing").isEmpty();
    FakeUpstream.Recorded request = upstream.takeRequest();
    assertThat(request.path()).isEqualTo("/v1/chat/completions");
    assertThat(request.body()).isEqualTo("{\"model\":\"m\"}");
  }

  /** What the peer sends first: nothing when it closes the connection (an orderly close or a reset) instead. */
  private static byte[] firstBytes(InputStream in) throws IOException {
    byte[] buffer = new byte[1024];
    try {
      int n = in.read(buffer);
      return n < 0 ? new byte[0] : Arrays.copyOf(buffer, n);
    } catch (SocketException reset) {
      return new byte[0]; // a reset ends the connection as well as a close does
    }
  }
}
