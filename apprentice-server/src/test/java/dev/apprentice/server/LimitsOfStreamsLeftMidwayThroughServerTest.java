package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.Socket;
import java.time.Clock;
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

    try (Socket client = HeldStreams.open(gateway, key, path, body)) {
      assertThat(gateway.http().post(path, key, body).statusCode()).as("while the stream runs, its reservation holds")
          .isEqualTo(429);
    } // the client leaves midway through its stream

    JsonNode left = HeldStreams.traceWithStatus(gateway.admin(), 499);
    assertThat(left.path("cost_usd").asDouble()).as("what the stream had relayed").isPositive().isLessThan(0.1);
    assertThat(gateway.http().post(path, key, body).statusCode()).as("the rest of its reservation was given back")
        .isEqualTo(200);
  }
}
