package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stream whose client leaves midway gives back what its key's TPM and budget held for it, keeping only what the
 * stream had cost: the next call of the key fits again, through either chat API.
 */
class LimitsOfStreamsLeftMidwayThroughServerTest {

  /** $0.001 an output token; 200 lorem tokens at 25 a second: a stream that lasts eight seconds. */
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        slow: { type: simulator, mode: lorem, lorem_tokens: 200, tokens_per_second: 25 }
      models:
        m:
          targets: [ { provider: slow, model: sim-lorem } ]
          price: { input_per_mtok: 0, output_per_mtok: 1000 }
      """, Gateways.ADMIN_KEY, Clock.systemUTC());

  /** One call reserves about 210 tokens and $0.20: a second fits beside what a cut stream cost, not beside it whole. */
  private final String key = gateway.admin().newKey(
      "{\"tenant\":\"acme\",\"allow_unconfigured_tenant\":true,\"tpm\":400,\"budget_usd_per_day\":0.3}");

  @ParameterizedTest
  @ValueSource(strings = {"/v1/chat/completions", "/v1/responses"})
  void aStreamWhoseClientLeavesMidwayGivesBackWhatItsKeyHeldForIt(String path) throws Exception {
    String body = path.endsWith("responses")
        ? "{\"model\":\"m\",\"stream\":true,\"max_output_tokens\":200,\"input\":\"tell me a story\"}"
        : "{\"model\":\"m\",\"stream\":true,\"max_tokens\":200,\"messages\":[{\"role\":\"user\",\"content\":\"tell me a story\"}]}";

    try (Socket client = new Socket("127.0.0.1", gateway.server().port())) {
      client.setSoTimeout(RawConnection.PATIENCE_MS);
      client.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key
          + "\r\nContent-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
          + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
      client.getOutputStream().flush();
      readUntil(client.getInputStream(), "data:");
      assertThat(gateway.http().post(path, key, body).statusCode()).as("while the stream runs, its reservation holds")
          .isEqualTo(429);
    } // the client leaves midway through its stream

    JsonNode left = traceWithStatus(499);
    assertThat(left.path("cost_usd").asDouble()).as("what the stream had relayed").isPositive().isLessThan(0.1);
    assertThat(gateway.http().post(path, key, body).statusCode()).as("the rest of its reservation was given back")
        .isEqualTo(200);
  }

  private static void readUntil(InputStream in, String marker) throws IOException {
    StringBuilder read = new StringBuilder();
    while (read.indexOf(marker) < 0) {
      int b = in.read();
      if (b < 0) throw new AssertionError("the connection ended before '" + marker + "'; read: " + read);
      read.append((char) b);
    }
  }

  /** The trace of the one call that ended with {@code status}, once its accounting has written it. */
  private JsonNode traceWithStatus(int status) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RawConnection.PATIENCE_MS);
    List<JsonNode> traces = gateway.admin().traces("status=" + status);
    while (traces.isEmpty() && System.nanoTime() < until) {
      Thread.sleep(20);
      traces = gateway.admin().traces("status=" + status);
    }
    assertThat(traces).hasSize(1);
    return traces.getFirst();
  }
}
