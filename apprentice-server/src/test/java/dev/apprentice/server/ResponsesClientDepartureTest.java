package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeProvider;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A Responses client that leaves mid-stream is treated as a chat client that does: the upstream stream is closed
 * (cancelled), and the call is traced as the Responses call it was, with what it had streamed.
 */
class ResponsesClientDepartureTest {

  private final FakeProvider upstream = new FakeProvider("up");
  @AutoClose
  private final RunningGateway gateway = Gateways.onUpstream(upstream, """
      single: { targets: [ { provider: up, model: p-model } ], retries: 0 }
      """);
  private final RawHttp http = new RawHttp(gateway.server());

  @Test
  void aResponsesClientThatLeavesMidStreamClosesTheUpstreamStreamAndTheCallIsTraced() throws Exception {
    upstream.then(FakeProvider.streamStallAfter(1));

    HttpResponse<InputStream> response = http.postStreaming("/v1/responses",
        "{\"model\":\"single\",\"stream\":true,\"input\":\"hi\"}");
    assertThat(response.statusCode()).isEqualTo(200);
    String traceId = response.headers().firstValue("x-apprentice-trace-id").orElseThrow();
    BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.contains("response.output_text.delta")) break; // the first chunk's text reached the client
    }
    assertThat(upstream.closes()).isZero();

    response.body().close();

    assertThat(StreamingFailuresTest.eventually(upstream::closes, 1, Duration.ofSeconds(5)))
        .as("upstream streams closed").isEqualTo(1);
    JsonNode trace = traced(traceId);
    assertThat(trace.path("api").asText()).isEqualTo("responses");
    assertThat(trace.path("stream").asBoolean()).isTrue();
    assertThat(trace.path("error_code").asText()).isEqualTo("client_disconnected");
  }

  /** The call's trace, once its accounting has written it. */
  private JsonNode traced(String id) throws InterruptedException {
    List<JsonNode> found = gateway.admin().traces("");
    for (int i = 0; i < 250 && found.isEmpty(); i++) {
      Thread.sleep(20);
      found = gateway.admin().traces("");
    }
    assertThat(found).extracting(t -> t.path("id").asText()).contains(id);
    return gateway.admin().trace(id);
  }
}
