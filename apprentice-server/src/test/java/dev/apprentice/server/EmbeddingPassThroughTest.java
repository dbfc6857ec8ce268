package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/embeddings} sends an OpenAI-type upstream what OpenAI's schema allows: token-id arrays (LangChain's
 * {@code OpenAIEmbeddings} sends them by default) and fields the gateway does not know, as they came; what it cannot
 * send on is a 400 naming the field.
 */
class EmbeddingPassThroughTest {

  private static final String ADMIN_KEY = "admin-key-for-pass-through-tests";
  private static final String TWO_VECTORS = """
      {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.6,0.8]},
                               {"object":"embedding","index":1,"embedding":[0.8,0.6]}],
       "model":"text-embedding-3-small","usage":{"prompt_tokens":3,"total_tokens":3}}""";
  private static final String ONE_VECTOR = """
      {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.6,0.8]}],
       "model":"text-embedding-3-small","usage":{"prompt_tokens":2,"total_tokens":2}}""";

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
        guarded:
          targets: [ { provider: up, model: text-embedding-3-small } ]
          retries: 0
          guard: { input: { pii: redact } }
      """.formatted(upstream.baseUrl()), ADMIN_KEY, Clock.systemUTC()).closing(upstream);
  private final KeyedHttp http = gateway.http();

  private HttpResponse<String> embed(String json) {
    return http.post("/v1/embeddings", null, json);
  }

  private JsonNode sentBody() {
    return RawHttp.json(upstream.takeRequest().body());
  }

  @Test
  void arraysOfTokenIdArraysReachTheUpstreamAsSent() {
    upstream.json(200, TWO_VECTORS);

    HttpResponse<String> answered = embed("{\"model\":\"embed\",\"input\":[[15339,1917],[9906]]}");

    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    assertThat(RawHttp.json(answered.body()).path("data")).hasSize(2);
    JsonNode sent = sentBody();
    assertThat(sent.path("input").toString()).isEqualTo("[[15339,1917],[9906]]");
    assertThat(sent.path("model").asText()).isEqualTo("text-embedding-3-small");
  }

  @Test
  void oneArrayOfTokenIdsReachesTheUpstreamAsOneArray() {
    upstream.json(200, ONE_VECTOR);

    HttpResponse<String> answered = embed("{\"model\":\"embed\",\"input\":[15339,1917],\"encoding_format\":\"base64\"}");

    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    assertThat(RawHttp.json(answered.body()).path("data").path(0).path("embedding").isTextual()).isTrue();
    assertThat(sentBody().path("input").toString()).isEqualTo("[15339,1917]");
  }

  @Test
  void fieldsTheGatewayDoesNotKnowReachTheUpstream() {
    upstream.json(200, ONE_VECTOR);

    HttpResponse<String> answered = embed("""
        {"model":"embed","input":"where is my card","priority":"low","metadata":{"run":"r1","tags":[1,null]}}""");

    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    JsonNode sent = sentBody();
    assertThat(sent.path("input").toString()).isEqualTo("[\"where is my card\"]");
    assertThat(sent.path("priority").asText()).isEqualTo("low");
    assertThat(sent.path("metadata").toString()).isEqualTo("{\"run\":\"r1\",\"tags\":[1,null]}");
  }

  @Test
  void tokenIdsCountAgainstTheKeysBudgetAsTheyAre() {
    upstream.json(200, TWO_VECTORS); // not asked for when the ids are counted
    String key = gateway.admin().newKey("{\"tenant\":\"acme\",\"budget_usd_per_day\":0.001}");

    HttpResponse<String> refused = http.post("/v1/embeddings", key,
        "{\"model\":\"embed\",\"input\":[[1,2,3,4,5],[6,7,8,9,10]]}");

    assertThat(refused.statusCode()).as("10 tokens at $1,000 per million cannot fit $0.001: " + refused.body())
        .isEqualTo(400);
    assertThat(RawHttp.json(refused.body()).path("error").path("code").asText()).isEqualTo("request_over_budget");
    assertThat(upstream.requestCount()).isZero();
  }

  @Test
  void tokenIdsForAModelWithAnInputGuardAreRefusedNamingInput() {
    assertError(embed("{\"model\":\"guarded\",\"input\":[[15339,1917]]}"), 400, "invalid_request_error", null, "input");
    assertThat(upstream.requestCount()).as("the guard reads text: unread ids never leave").isZero();
  }

  @Test
  void malformedTokenIdsAreRefusedNamingWhere() {
    assertError(embed("{\"model\":\"embed\",\"input\":[[1,\"two\"]]}"), 400, "invalid_request_error", null, "input[0]");
    assertError(embed("{\"model\":\"embed\",\"input\":[[1],\"two\"]}"), 400, "invalid_request_error", null, "input[1]");
    assertError(embed("{\"model\":\"embed\",\"input\":[1,-2]}"), 400, "invalid_request_error", null, "input");
    assertError(embed("{\"model\":\"embed\",\"input\":[1,2.5]}"), 400, "invalid_request_error", null, "input");
    assertError(embed("{\"model\":\"embed\",\"input\":[\"one\",[2]]}"), 400, "invalid_request_error", null,
        "input[1]");
    assertThat(upstream.requestCount()).isZero();
  }

  @Test
  void aUserThatIsNotAStringIsRefusedNamingUser() {
    assertError(embed("{\"model\":\"embed\",\"input\":\"x\",\"user\":{\"id\":\"u-1\"}}"), 400,
        "invalid_request_error", null, "user");
    assertError(embed("{\"model\":\"embed\",\"input\":\"x\",\"user\":42}"), 400, "invalid_request_error", null,
        "user");
    assertThat(upstream.requestCount()).isZero();
  }
}
