package dev.apprentice.server.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.testing.FakeUpstream;
import java.time.Duration;
import java.util.Map;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

/** The exporter really sends OTLP protobuf over HTTP, with the configured headers. */
class OtlpHttpExportTest {

  @Test
  void spansArePostedAsProtobufToTheTracesEndpointWithTheConfiguredHeader() {
    try (FakeUpstream collector = new FakeUpstream()) {
      collector.enqueue(new MockResponse.Builder().code(200).build());
      OtlpSettings settings = new OtlpSettings(collector.rootUrl() + "/v1/traces",
          Map.of("x-collector-key", "s3cret"), "apprentice-e2e", Duration.ofSeconds(5));
      try (OtlpTraceExporter exporter = new OtlpTraceExporter(settings, ProviderTypes.NONE)) {
        exporter.accept(SampleTraces.servedAfterRetry());
      }

      FakeUpstream.Recorded request = collector.takeRequest();
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.path()).isEqualTo("/v1/traces");
      assertThat(request.header("x-collector-key")).isEqualTo("s3cret");
      assertThat(request.header("Content-Type")).isEqualTo("application/x-protobuf");
      assertThat(request.body())
          .contains("chat gpt-4o-mini", "attempt openai/gpt-4o-mini", "apprentice-e2e", "gen_ai.request.model",
              "tr_0123456789abcdef01234567");
    }
  }

  @Test
  void settingsFillInDefaultsAndRefuseANonHttpEndpoint() {
    OtlpSettings settings = OtlpSettings.to("http://collector:4318/v1/traces");

    assertThat(settings.headers()).isEmpty();
    assertThat(settings.serviceName()).isEqualTo("apprentice");
    assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThatThrownBy(() -> OtlpSettings.to("collector:4318"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
