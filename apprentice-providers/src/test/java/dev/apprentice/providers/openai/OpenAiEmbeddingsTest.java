package dev.apprentice.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.EmbeddingRequest;
import dev.apprentice.api.EmbeddingResponse;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.api.TokenIds;
import dev.apprentice.providers.http.ProviderJson;
import dev.apprentice.testing.FakeUpstream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiEmbeddingsTest {

  private final FakeUpstream upstream = new FakeUpstream();
  private final OpenAiProvider provider =
      new OpenAiProvider("openai", upstream.baseUrl(), "sk-e", Map.of(), OpenAiProviderContractTest.CLIENT);

  @AfterEach
  void stopUpstream() {
    upstream.close();
  }

  @Test
  void vectorsComeBackInInputOrderWhateverTheAnswerOrder() throws Exception {
    upstream.json(200, """
        {"object":"list","model":"text-embedding-3-small",
         "data":[{"object":"embedding","index":1,"embedding":[0.5,-1.25]},
                 {"object":"embedding","index":0,"embedding":[1.0,2.0]}],
         "usage":{"prompt_tokens":6,"total_tokens":6}}""");

    EmbeddingResponse response = provider.embed(
        new EmbeddingRequest("text-embedding-3-small", List.of("first", "second"), "base64", 2, "u-1", null),
        OpenAiProviderTest.context());

    assertThat(response.model()).isEqualTo("text-embedding-3-small");
    assertThat(response.vectors()).hasSize(2);
    assertThat(response.vectors().get(0)).containsExactly(1.0f, 2.0f);
    assertThat(response.vectors().get(1)).containsExactly(0.5f, -1.25f);
    assertThat(response.promptTokens()).isEqualTo(6);
    FakeUpstream.Recorded sent = upstream.takeRequest();
    assertThat(sent.path()).isEqualTo("/v1/embeddings");
    JsonNode body = ProviderJson.MAPPER.readTree(sent.body());
    assertThat(body.get("input").get(1).asText()).isEqualTo("second");
    assertThat(body.get("encoding_format").asText()).isEqualTo("float");
    assertThat(body.get("dimensions").asInt()).isEqualTo(2);
    assertThat(body.get("user").asText()).isEqualTo("u-1");
  }

  private static final String TWO_VECTORS = """
      {"object":"list","model":"text-embedding-3-small",
       "data":[{"object":"embedding","index":0,"embedding":[1.0]},{"object":"embedding","index":1,"embedding":[2.0]}],
       "usage":{"prompt_tokens":5,"total_tokens":5}}""";

  @Test
  void tokenIdArraysAndUnknownFieldsAreSentAsGiven() throws Exception {
    upstream.json(200, TWO_VECTORS);
    TokenIds tokens = new TokenIds(List.of(new int[] {15339, 1917}, new int[] {9906, 11, 1917}), true);

    provider.embed(new EmbeddingRequest("text-embedding-3-small", List.of(), "base64", null, null,
        new java.util.LinkedHashMap<>(Map.of("priority", "low")), tokens), OpenAiProviderTest.context());

    JsonNode body = ProviderJson.MAPPER.readTree(upstream.takeRequest().body());
    assertThat(body.get("input").toString()).isEqualTo("[[15339,1917],[9906,11,1917]]");
    assertThat(body.get("encoding_format").asText()).isEqualTo("float");
    assertThat(body.get("priority").asText()).isEqualTo("low");
    assertThat(body.properties()).extracting(Map.Entry::getKey)
        .containsExactlyInAnyOrder("model", "input", "encoding_format", "priority");
  }

  @Test
  void aSingleTokenIdArrayIsSentAsOneArray() throws Exception {
    upstream.json(200, EMBEDDING_OF_ONE);

    provider.embed(new EmbeddingRequest("text-embedding-3-small", List.of(), null, null, null, null,
        new TokenIds(List.of(new int[] {15339, 1917}), false)), OpenAiProviderTest.context());

    assertThat(ProviderJson.MAPPER.readTree(upstream.takeRequest().body()).get("input").toString())
        .isEqualTo("[15339,1917]");
  }

  private static final String EMBEDDING_OF_ONE = """
      {"object":"list","model":"text-embedding-3-small","data":[{"object":"embedding","index":0,"embedding":[1.0]}],
       "usage":{"prompt_tokens":2,"total_tokens":2}}""";

  @Test
  void aRepeatedIndexIsABadResponse() {
    upstream.json(200, """
        {"data":[{"index":0,"embedding":[1.0]},{"index":0,"embedding":[2.0]}],"usage":{"prompt_tokens":2}}""");

    assertThatThrownBy(() -> provider.embed(new EmbeddingRequest("e", List.of("a", "b"), null, null, null, null),
        OpenAiProviderTest.context()))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE));
  }

  @Test
  void anEmbeddingsErrorIsClassifiedByItsStatus() {
    upstream.json(404, "{\"error\":{\"message\":\"model 'nope' not found\",\"type\":\"invalid_request_error\"}}");

    assertThatThrownBy(() -> provider.embed(new EmbeddingRequest("nope", List.of("a"), null, null, null, null),
        OpenAiProviderTest.context()))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
          assertThat(e.getMessage()).contains("model 'nope' not found");
        });
  }

  private EmbeddingResponse embedOne() throws ProviderException {
    return provider.embed(new EmbeddingRequest("text-embedding-3-small", List.of("a"), null, null, null, null),
        OpenAiProviderTest.context());
  }

  @Test
  void anAnswerWithoutUsageSaysItReportedNoTokensRatherThanZero() throws Exception {
    String vector = "\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[1.0]}]";
    upstream.json(200, "{\"object\":\"list\",\"model\":\"m\"," + vector + "}");
    upstream.json(200, "{\"object\":\"list\",\"model\":\"m\"," + vector + ",\"usage\":null}");
    upstream.json(200, "{\"object\":\"list\",\"model\":\"m\"," + vector + ",\"usage\":{}}");

    assertThat(embedOne().promptTokens()).as("no usage").isNull();
    assertThat(embedOne().promptTokens()).as("usage null").isNull();
    assertThat(embedOne().promptTokens()).as("usage without prompt_tokens").isNull();
  }

  @Test
  void anAnswerThatReportsNoTokensUsedKeepsItsZero() throws Exception {
    upstream.json(200, """
        {"object":"list","model":"m","data":[{"object":"embedding","index":0,"embedding":[1.0]}],
         "usage":{"prompt_tokens":0,"total_tokens":0}}""");

    assertThat(embedOne().promptTokens()).isZero();
  }

  @Test
  void aConnectionLostBeforeAnyAnswerIsAConnectionFailureWithoutAStatus() {
    upstream.connectionReset();

    assertThatThrownBy(this::embedOne).isInstanceOfSatisfying(ProviderException.class, e -> {
      assertThat(e.kind()).isEqualTo(Kind.CONNECTION);
      assertThat(e.status()).as("no answer began: booked at nothing").isZero();
    });
    assertThat(upstream.takeRequest().path()).isEqualTo("/v1/embeddings");
  }
}
