package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} tells the wire API a call came through, as its trace, span and access log line do: the request and
 * error counters carry {@code api} ({@code responses}, {@code chat_completions}), refusals before a call included.
 */
class ResponsesMetricsTest {

  @AutoClose
  private final RunningGateway gateway = Gateways.echoing(Gateways.ADMIN_KEY);

  @Test
  void requestsAndErrorsAreCountedByTheWireApiTheyCameThrough() {
    gateway.http().post("/v1/responses", null, "{\"model\":\"echo\",\"input\":\"Hi\"}");
    gateway.http().post("/v1/responses", null, "{\"model\":\"nope\",\"input\":\"Hi\"}");
    gateway.http().post("/v1/chat/completions", null,
        "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

    PrometheusText metrics = PrometheusText.parse(new RawHttp(gateway.server()).get("/metrics").body());

    assertThat(metrics.sum("apprentice_requests_total", Map.of("api", "responses", "model", "echo", "status", "200")))
        .isEqualTo(1);
    assertThat(metrics.sum("apprentice_requests_total", Map.of("api", "responses", "model", "none", "status", "404")))
        .isEqualTo(1);
    assertThat(metrics.sum("apprentice_errors_total", Map.of("api", "responses", "code", "model_not_found")))
        .isEqualTo(1);
    assertThat(metrics.sum("apprentice_requests_total", Map.of("api", "chat_completions"))).isEqualTo(1);
  }
}
