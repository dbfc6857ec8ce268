package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * {@code x-apprentice-tags} is kept in every trace: at most 32 tags of at most 128 characters (control and format
 * characters are refused too: {@code TraceTagsTest}); a header over those limits is refused (400 naming the header) on
 * chat and embeddings alike, and its trace keeps none of it. Kept tags never go upstream.
 */
class TraceTagsLimitsTest {

  private static final String ADMIN_KEY = "admin-key-for-trace-tag-limits";
  private static final String TAGS = "x-apprentice-tags";
  private static final String EMBEDDING = """
      {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.6,0.8]}],
       "model":"text-embedding-3-small","usage":{"prompt_tokens":2,"total_tokens":2}}""";

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        up: { type: openai, base_url: "%s", api_key: sk-upstream }
      models:
        gpt: { targets: [ { provider: up, model: gpt-4o } ], retries: 0 }
        embed: { targets: [ { provider: up, model: text-embedding-3-small } ], retries: 0 }
      """.formatted(upstream.baseUrl()), ADMIN_KEY, Clock.systemUTC()).closing(upstream);
  private final KeyedHttp http = gateway.http();
  private final AdminClient admin = gateway.admin();

  private HttpResponse<String> chat(String tags) {
    return http.post("/v1/chat/completions", null, KeyedHttp.chatBody("gpt", "Hi"), TAGS, tags);
  }

  private static String tags(int count, int length) {
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < count; i++) tags.add(String.format("%0" + length + "d", i));
    return String.join(",", tags);
  }

  private JsonNode traceOf(HttpResponse<String> response) {
    return admin.trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
  }

  @Test
  void thirtyThreeTagsAreRefusedNamingTheHeaderAndTheTraceKeepsNoneOfThem() {
    HttpResponse<String> refused = chat(tags(33, 3));

    JsonNode error = assertError(refused, 400, "invalid_request_error", null, TAGS);
    assertThat(error.path("message").asText()).contains("33 tags").contains("at most 32");
    assertThat(upstream.requestCount()).isZero();
    JsonNode trace = traceOf(refused);
    assertThat(trace.path("status").asInt()).isEqualTo(400);
    assertThat(AdminClient.list(trace.path("tags"))).isEmpty();
  }

  @Test
  void aTagOfMoreThan128CharactersIsRefusedOnEmbeddingsToo() {
    HttpResponse<String> refused = http.post("/v1/embeddings", null, "{\"model\":\"embed\",\"input\":\"hi\"}", TAGS,
        "short, " + "x".repeat(129));

    JsonNode error = assertError(refused, 400, "invalid_request_error", null, TAGS);
    assertThat(error.path("message").asText()).contains("tag 2 has 129 characters").doesNotContain("xxxx");
    assertThat(upstream.requestCount()).isZero();
    assertThat(traceOf(refused).path("operation").asText()).isEqualTo("embeddings");
  }

  @Test
  void tagsOnSeveralHeaderLinesCountAsOneList() {
    HttpResponse<String> refused = http.post("/v1/chat/completions", null, KeyedHttp.chatBody("gpt", "Hi"),
        TAGS, tags(20, 2), TAGS, tags(20, 3));

    assertError(refused, 400, "invalid_request_error", null, TAGS);
  }

  @Test
  void thirtyTwoTagsOf128CharactersAreKeptAndNeverSentUpstream() {
    upstream.json(200, UpstreamAnswers.completion("Hello"));
    upstream.json(200, EMBEDDING);
    String header = tags(32, 128);

    HttpResponse<String> answered = chat(header);
    HttpResponse<String> embedded = http.post("/v1/embeddings", null, "{\"model\":\"embed\",\"input\":\"hi\"}", TAGS,
        header);

    assertThat(answered.statusCode()).isEqualTo(200);
    assertThat(embedded.statusCode()).isEqualTo(200);
    assertThat(AdminClient.list(traceOf(answered).path("tags")).stream().map(JsonNode::asText))
        .containsExactlyElementsOf(IntStream.range(0, 32).mapToObj(i -> String.format("%0128d", i)).toList());
    for (int call = 0; call < 2; call++) {
      FakeUpstream.Recorded sent = upstream.takeRequest();
      assertThat(sent.raw().getHeaders().toString()).doesNotContain(String.format("%0128d", 7)).doesNotContain(TAGS);
      assertThat(sent.body()).doesNotContain(String.format("%0128d", 7));
    }
  }
}
