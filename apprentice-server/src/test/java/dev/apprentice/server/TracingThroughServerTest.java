package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * What a trace records of a call through an {@code openai}-type provider: the upstream's own token counts (asked for
 * on every stream), whether they were estimated, the cost, the model and fingerprint the upstream reported, the
 * caller's tags, user and metadata; and the metrics fed from the same traces.
 */
class TracingThroughServerTest {

  private static final String ADMIN_KEY = "admin-key-for-tracing-tests";
  private static final String SERVED_MODEL = "gpt-4o-2024-08-06";
  private static final String FINGERPRINT = "fp_44709d6fcb";
  /** $2.50 per million prompt tokens and $10 per million completion tokens. */
  private static final double INPUT_USD = 2.5e-6;
  private static final double OUTPUT_USD = 10e-6;

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        up: { type: openai, base_url: "%s", api_key: sk-upstream }
      models:
        gpt:
          targets: [ { provider: up, model: gpt-4o } ]
          retries: 0
          price: { input_per_mtok: 2.5, output_per_mtok: 10 }
      """.formatted(upstream.baseUrl()), ADMIN_KEY, Clock.systemUTC()).closing(upstream);
  private final KeyedHttp http = gateway.http();
  private final AdminClient admin = gateway.admin();

  @Test
  void aStreamWithoutIncludeUsageHidesUsageFromTheClientButTracesTheUpstreamsTokenCounts() {
    upstream.sse(stream("Hello world", 9, 2));

    HttpResponse<String> response = http.post("/v1/chat/completions", null,
        "{\"model\":\"gpt\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

    assertThat(response.statusCode()).isEqualTo(200);
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.text()).isEqualTo("Hello world");
    assertThat(events.usages()).as("the client did not ask for usage").isEmpty();
    assertThat(events.endsWithDone()).isTrue();
    JsonNode sent = RawHttp.json(upstream.takeRequest().body());
    assertThat(sent.path("stream_options").path("include_usage").asBoolean()).isTrue();

    JsonNode trace = admin.trace(traceId(response));
    assertThat(trace.path("stream").asBoolean()).isTrue();
    assertThat(trace.path("input_tokens").asInt()).isEqualTo(9);
    assertThat(trace.path("output_tokens").asInt()).isEqualTo(2);
    assertThat(trace.path("usage_estimated").asBoolean()).isFalse();
    assertThat(trace.path("cost_usd").asDouble()).isCloseTo(9 * INPUT_USD + 2 * OUTPUT_USD, within(1e-12));
    assertThat(trace.path("upstream_model").asText()).isEqualTo("gpt-4o");
    assertThat(trace.path("response_model").asText()).isEqualTo(SERVED_MODEL);
    assertThat(trace.path("system_fingerprint").asText()).isEqualTo(FINGERPRINT);
    assertThat(trace.path("response").path("choices").path(0).path("message").path("content").asText())
        .isEqualTo("Hello world");
  }

  @Test
  void theCallersTraceparentIsRecordedWithTheTraceAndABadOneIsIgnoredNotRefused() {
    upstream.json(200, completion("Hello", "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}"));
    upstream.json(200, completion("Hello", "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}"));
    String body = "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    HttpResponse<String> joined = http.post("/v1/chat/completions", null, body,
        "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    HttpResponse<String> bad = http.post("/v1/chat/completions", null, body, "traceparent", "00-not-a-trace-01");

    assertThat(joined.statusCode()).isEqualTo(200);
    assertThat(bad.statusCode()).isEqualTo(200);
    assertThat(admin.trace(traceId(joined)).path("traceparent").asText())
        .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    assertThat(admin.trace(traceId(bad)).has("traceparent")).isFalse();
  }

  @Test
  void aPlainCallWithTheSameUsageAsAStreamCostsExactlyTheSame() {
    upstream.sse(stream("Hello world", 9, 2));
    upstream.json(200, completion("Hello world", "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,"
        + "\"total_tokens\":11}"));

    String streamed = traceId(http.post("/v1/chat/completions", null,
        "{\"model\":\"gpt\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"));
    String plain = traceId(http.chat(null, "gpt", "Hi"));

    JsonNode streamTrace = admin.trace(streamed);
    JsonNode plainTrace = admin.trace(plain);
    assertThat(plainTrace.path("stream").asBoolean()).isFalse();
    assertThat(plainTrace.path("usage_estimated").asBoolean()).isFalse();
    assertThat(plainTrace.path("input_tokens").asInt()).isEqualTo(streamTrace.path("input_tokens").asInt());
    assertThat(plainTrace.path("output_tokens").asInt()).isEqualTo(streamTrace.path("output_tokens").asInt());
    assertThat(plainTrace.path("cost_usd").asDouble()).isPositive()
        .isEqualTo(streamTrace.path("cost_usd").asDouble());
  }

  @Test
  void anUpstreamThatReportsNoUsageGetsAnEstimateMarkedAsSuch() {
    upstream.json(200, completion("The quick brown fox jumps over the lazy dog", null));
    List<String> noUsage = new ArrayList<>(stream("The quick brown fox", 0, 0));
    noUsage.remove(noUsage.size() - 2); // the usage chunk
    upstream.sse(noUsage);

    JsonNode plain = admin.trace(traceId(http.chat(null, "gpt", "Tell me about foxes")));
    JsonNode streamed = admin.trace(traceId(http.post("/v1/chat/completions", null,
        "{\"model\":\"gpt\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Tell me about foxes\"}]}")));

    for (JsonNode trace : List.of(plain, streamed)) {
      assertThat(trace.path("usage_estimated").asBoolean()).as("estimated in %s", trace).isTrue();
      assertThat(trace.path("input_tokens").asInt()).isPositive();
      assertThat(trace.path("output_tokens").asInt()).isPositive();
      assertThat(trace.path("cost_usd").asDouble()).isCloseTo(trace.path("input_tokens").asInt() * INPUT_USD
          + trace.path("output_tokens").asInt() * OUTPUT_USD, within(1e-12));
    }
    assertThat(plain.path("output_tokens").asInt()).isGreaterThan(streamed.path("output_tokens").asInt());
    assertThat(admin.costs("group_by=model").path("data").path(0).path("estimated_calls").asInt()).isEqualTo(2);
  }

  @Test
  void tagsFromTheHeaderAndTheRequestsUserAndMetadataAreStored() {
    upstream.json(200, UpstreamAnswers.COMPLETION);

    HttpResponse<String> response = http.post("/v1/chat/completions", null, """
        {"model":"gpt","user":"user-42","metadata":{"team":"search","ticket":"T-7"},
         "messages":[{"role":"user","content":"Hi"}]}""", "x-apprentice-tags", "a, b,a");

    JsonNode trace = admin.trace(traceId(response));
    assertThat(AdminClient.list(trace.path("tags")).stream().map(JsonNode::asText)).containsExactly("a", "b");
    assertThat(trace.path("user").asText()).isEqualTo("user-42");
    assertThat(trace.path("metadata").path("team").asText()).isEqualTo("search");
    assertThat(trace.path("metadata").path("ticket").asText()).isEqualTo("T-7");
  }

  @Test
  void theTraceKeepsTheModelAndFingerprintTheUpstreamReportedBesideTheTargetAsked() {
    upstream.json(200,
        completion("Hello", "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}"));

    HttpResponse<String> response = http.chat(null, "gpt", "Hi");

    assertThat(RawHttp.json(upstream.takeRequest().body()).path("model").asText()).isEqualTo("gpt-4o");
    JsonNode trace = admin.trace(traceId(response));
    assertThat(trace.path("model").asText()).isEqualTo("gpt");
    assertThat(trace.path("provider").asText()).isEqualTo("up");
    assertThat(trace.path("upstream_model").asText()).isEqualTo("gpt-4o");
    assertThat(trace.path("response_model").asText()).isEqualTo(SERVED_MODEL);
    assertThat(trace.path("system_fingerprint").asText()).isEqualTo(FINGERPRINT);
  }

  @Test
  void metricsExportTokensAndCostByTenantAndTheTracesWritten() {
    String key = admin.newKey("{\"tenant\":\"acme\"}");
    upstream.json(200, completion("Hello world", "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,"
        + "\"total_tokens\":11}"));
    upstream.sse(stream("Hello world", 9, 2));
    assertThat(http.chat(key, "gpt", "Hi").statusCode()).isEqualTo(200);
    assertThat(http.post("/v1/chat/completions", key,
        "{\"model\":\"gpt\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}").statusCode())
        .isEqualTo(200);
    admin.flush();

    HttpResponse<String> scraped = http.get("/metrics", null);

    assertThat(scraped.statusCode()).isEqualTo(200);
    String metrics = scraped.body();
    assertThat(metrics).contains("# TYPE apprentice_tokens_total counter", "# TYPE apprentice_cost_usd_total counter",
        "# TYPE apprentice_traces_written_total counter");
    assertThat(sample(metrics, "apprentice_tokens_total", "tenant=\"acme\"", "type=\"input\"")).isEqualTo(18.0);
    assertThat(sample(metrics, "apprentice_tokens_total", "tenant=\"acme\"", "type=\"output\"")).isEqualTo(4.0);
    assertThat(sample(metrics, "apprentice_cost_usd_total", "tenant=\"acme\"", "model=\"gpt\""))
        .isCloseTo(2 * (9 * INPUT_USD + 2 * OUTPUT_USD), within(1e-12));
    assertThat(sample(metrics, "apprentice_traces_written_total")).isEqualTo(2.0);
    assertThat(sample(metrics, "apprentice_traces_waits_total")).as("the queue never filled").isZero();
  }

  /** The value of the one sample of {@code name} whose labels include every one of {@code labels}. */
  private static double sample(String metrics, String name, String... labels) {
    List<Double> values = new ArrayList<>();
    Matcher line = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? (\\S+)$").matcher(metrics);
    while (line.find()) {
      String found = line.group(1) == null ? "" : line.group(1);
      if (List.of(labels).stream().allMatch(found::contains)) values.add(Double.parseDouble(line.group(2)));
    }
    assertThat(values).as("samples of %s with %s in:%n%s", name, List.of(labels), metrics).hasSize(1);
    return values.getFirst();
  }

  private static String traceId(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.headers().firstValue("x-apprentice-trace-id").orElseThrow();
  }

  /** A chat completion as the upstream answers it; {@code usage} is a JSON member, or null for none. */
  private static String completion(String text, String usage) {
    return "{\"id\":\"chatcmpl-t\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"" + SERVED_MODEL
        + "\",\"system_fingerprint\":\"" + FINGERPRINT + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
        + "\"assistant\",\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}]"
        + (usage == null ? "" : "," + usage) + "}";
  }

  /** An SSE answer: a role chunk, one chunk per word, a finish chunk, a usage chunk, then [DONE]. */
  private static List<String> stream(String text, int promptTokens, int completionTokens) {
    List<String> events = new ArrayList<>();
    events.add(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
    String[] words = text.split(" ");
    for (int i = 0; i < words.length; i++) {
      events.add(chunk("{\"content\":\"" + (i == 0 ? "" : " ") + words[i] + "\"}", null));
    }
    events.add(chunk("{}", "stop"));
    events.add("data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\""
        + SERVED_MODEL + "\",\"system_fingerprint\":\"" + FINGERPRINT + "\",\"choices\":[],\"usage\":{"
        + "\"prompt_tokens\":" + promptTokens + ",\"completion_tokens\":" + completionTokens + ",\"total_tokens\":"
        + (promptTokens + completionTokens) + "}}");
    events.add("data: [DONE]");
    return events;
  }

  private static String chunk(String delta, String finishReason) {
    String finish = finishReason == null ? "null" : "\"" + finishReason + "\"";
    return "data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\""
        + SERVED_MODEL + "\",\"system_fingerprint\":\"" + FINGERPRINT + "\",\"choices\":[{\"index\":0,\"delta\":"
        + delta + ",\"finish_reason\":" + finish + "}]}";
  }
}
