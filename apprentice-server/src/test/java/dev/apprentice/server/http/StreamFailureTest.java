package dev.apprentice.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.server.GatewayMetrics;
import org.junit.jupiter.api.Test;

class StreamFailureTest {

  private final GatewayMetrics metrics = new GatewayMetrics();

  @Test
  void aStreamBrokenByItsUpstreamWhoseClientThenLeftIsCountedOnceUnderTheUpstreamsReason() {
    StreamFailure failure = new StreamFailure(metrics, "chat_completions", "m");

    failure.count("upstream_error");
    failure.count("client_disconnected");

    assertThat(metrics.scrape())
        .contains("apprentice_stream_failures_total{api=\"chat_completions\",model=\"m\",reason=\"upstream_error\"} 1.0")
        .doesNotContain("reason=\"client_disconnected\"");
  }

  @Test
  void eachBrokenStreamIsCountedOnItsOwn() {
    new StreamFailure(metrics, "chat_completions", "m").count("client_disconnected");
    new StreamFailure(metrics, "chat_completions", "m").count("client_disconnected");

    assertThat(metrics.scrape()).contains("apprentice_stream_failures_total{api=\"chat_completions\",model=\"m\",reason=\"client_disconnected\"} 2.0");
  }
}
