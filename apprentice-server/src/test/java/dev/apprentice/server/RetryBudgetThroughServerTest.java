package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** A target in trouble gets only its retry budget of retries; past it, calls fail over at once. */
class RetryBudgetThroughServerTest {

  private static final String BUSY = "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}";
  private static final String ANSWER = UpstreamAnswers.completion("from the backup");

  private final FakeUpstream troubled = new FakeUpstream();
  private final FakeUpstream backup = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        troubled: { type: openai, base_url: "%s", api_key: sk-1 }
        backup: { type: openai, base_url: "%s", api_key: sk-2 }
      models:
        m:
          targets: [ { provider: troubled, model: m }, { provider: backup, model: m } ]
          retries: 2
          retry_backoff_ms: 1
          circuit_breaker: { minimum_calls: 1000 }
      retry_budget: { ratio: 0, min_per_second: 0.1 }
      """.formatted(troubled.baseUrl(), backup.baseUrl()), "admin-key-retry-budget", Clock.systemUTC())
      .closing(troubled, backup);
  private final KeyedHttp http = gateway.http();

  private HttpResponse<String> call() {
    return http.post("/v1/chat/completions", null, "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
  }

  @Test
  void onceTheTargetsRetriesAreSpentCallsFailOverWithoutRetrying() {
    for (int i = 0; i < 10; i++) troubled.json(503, BUSY);
    for (int i = 0; i < 3; i++) backup.json(200, ANSWER);

    HttpResponse<String> first = call();
    HttpResponse<String> second = call();
    HttpResponse<String> third = call();

    assertThat(first.headers().firstValue("x-apprentice-attempts")).as("a try and the one budgeted retry, then the backup")
        .hasValue("3");
    assertThat(second.headers().firstValue("x-apprentice-attempts")).as("no retry left: straight to the backup")
        .hasValue("2");
    assertThat(third.headers().firstValue("x-apprentice-attempts")).hasValue("2");
    assertThat(troubled.requestCount()).isEqualTo(4);
    assertThat(third.statusCode()).isEqualTo(200);
    assertThat(http.get("/metrics", null).body()).contains("apprentice_retries_refused_total 3.0");
  }
}
