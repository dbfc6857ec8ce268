package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.gateway.cost.TokenEstimator;
import dev.apprentice.server.http.ServerJson;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * An embedding answer from an upstream that reports no usage is booked for its inputs, counted locally: the answer's
 * {@code usage}, the trace ({@code usage_estimated}, the attempt's {@code cost_estimated}) and
 * {@code apprentice_cost_estimated_usd_total} say so; an answer with usage is booked at what it reported.
 */
class EmbeddingUsageThroughServerTest {

  private static final String ADMIN_KEY = "admin-key-for-embedding-usage";
  private static final String INPUT = "where is my card";
  private static final String CALL = "{\"model\":\"embed\",\"input\":\"" + INPUT + "\"}";
  private static final String VECTOR = "\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.6,0.8]}]";
  /** $1,000 per million input tokens. */
  private static final double USD_PER_TOKEN = 1000e-6;

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        up: { type: openai, base_url: "%s", api_key: sk-upstream }
      models:
        embed:
          targets: [ { provider: up, model: text-embedding-3-small } ]
          retries: 0
          price: { input_per_mtok: 1000, output_per_mtok: 0 }
      """.formatted(upstream.baseUrl()), ADMIN_KEY, Clock.systemUTC()).closing(upstream);
  private final KeyedHttp http = gateway.http();
  private final AdminClient admin = gateway.admin();

  @Test
  void anAnswerWithoutUsageIsBookedForItsInputsCountedLocallyAndSaysSo() throws Exception {
    upstream.json(200, "{\"object\":\"list\",\"model\":\"text-embedding-3-small\"," + VECTOR + "}");
    int counted = new TokenEstimator().countText(INPUT, "text-embedding-3-small");

    HttpResponse<String> answered = http.post("/v1/embeddings", null, CALL);

    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    JsonNode usage = ServerJson.MAPPER.readTree(answered.body()).path("usage");
    assertThat(usage.path("prompt_tokens").asInt()).as("what the call is booked at").isEqualTo(counted);
    assertThat(usage.path("total_tokens").asInt()).isEqualTo(counted);
    assertThat(answered.headers().firstValue("x-apprentice-usage-estimated")).contains("true");
    JsonNode trace = admin.trace(answered.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(trace.path("input_tokens").asInt()).isEqualTo(counted);
    assertThat(trace.path("cost_usd").asDouble()).isCloseTo(counted * USD_PER_TOKEN, within(1e-12));
    assertThat(trace.path("usage_estimated").asBoolean()).isTrue();
    assertThat(trace.path("attempts").get(0).path("cost_estimated").asBoolean()).isTrue();
    assertThat(estimatedSpend()).isCloseTo(counted * USD_PER_TOKEN, within(1e-12));
  }

  @Test
  void anAnswerWithUsageIsBookedAtWhatItReported() throws Exception {
    upstream.json(200, "{\"object\":\"list\",\"model\":\"text-embedding-3-small\"," + VECTOR
        + ",\"usage\":{\"prompt_tokens\":8,\"total_tokens\":8}}");

    HttpResponse<String> answered = http.post("/v1/embeddings", null, CALL);

    assertThat(ServerJson.MAPPER.readTree(answered.body()).path("usage").path("prompt_tokens").asInt()).isEqualTo(8);
    assertThat(answered.headers().firstValue("x-apprentice-usage-estimated")).isEmpty();
    JsonNode trace = admin.trace(answered.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(trace.path("input_tokens").asInt()).isEqualTo(8);
    assertThat(trace.path("cost_usd").asDouble()).isCloseTo(8 * USD_PER_TOKEN, within(1e-12));
    assertThat(trace.path("usage_estimated").asBoolean()).isFalse();
    assertThat(trace.path("attempts").get(0).path("cost_estimated").asBoolean()).isFalse();
    assertThat(estimatedSpend()).isZero();
  }

  /** {@code apprentice_cost_estimated_usd_total} for the model, 0 when it has no sample. */
  private double estimatedSpend() {
    Matcher sample = Pattern.compile("(?m)^apprentice_cost_estimated_usd_total\\{[^}]*model=\"embed\"[^}]*} (\\S+)$")
        .matcher(http.get("/metrics", null).body());
    return sample.find() ? Double.parseDouble(sample.group(1)) : 0;
  }
}
