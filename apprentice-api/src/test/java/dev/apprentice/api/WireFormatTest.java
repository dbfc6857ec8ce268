package dev.apprentice.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class WireFormatTest {

  private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @Test
  void unknownRequestFieldsSurviveARoundTrip() throws Exception {
    String body = """
        {"model":"m","messages":[{"role":"user","content":"hi","x_msg":1}],"logit_bias":{"50256":-100},"top_k":3}""";
    ChatRequest request = json.readValue(body, ChatRequest.class);

    assertThat(request.extra()).containsKeys("logit_bias", "top_k");
    JsonNode back = json.readTree(json.writeValueAsString(request.withModel("upstream")));
    assertThat(back.get("model").asText()).isEqualTo("upstream");
    assertThat(back.get("top_k").asInt()).isEqualTo(3);
    assertThat(back.get("logit_bias").get("50256").asInt()).isEqualTo(-100);
    assertThat(back.get("messages").get(0).get("x_msg").asInt()).isEqualTo(1);
    assertThat(back.has("stream")).isFalse();
  }

  @Test
  void anEmbeddingRequestWritesEveryFieldItsUnknownOnesIncludedAndReadsThemBack() throws Exception {
    EmbeddingRequest request = new EmbeddingRequest("m", java.util.List.of("a", "b"), "base64", 256, "u",
        new java.util.LinkedHashMap<>(java.util.Map.of("x_vendor", java.util.Map.of("k", 1))));

    String written = json.writeValueAsString(request);
    assertThat(json.readTree(written)).isEqualTo(json.readTree("""
        {"model":"m","input":["a","b"],"encoding_format":"base64","dimensions":256,"user":"u","x_vendor":{"k":1}}"""));
    EmbeddingRequest back = json.readValue(written, EmbeddingRequest.class);
    assertThat(back.model()).isEqualTo("m");
    assertThat(back.input()).containsExactly("a", "b");
    assertThat(back.tokenIds()).isNull();
    assertThat(back.encodingFormat()).isEqualTo("base64");
    assertThat(back.dimensions()).isEqualTo(256);
    assertThat(back.user()).isEqualTo("u");
    assertThat(back.extra()).isEqualTo(java.util.Map.of("x_vendor", java.util.Map.of("k", 1)));
    assertThat(json.readTree(json.writeValueAsString(back.withModel("up")))).isEqualTo(json.readTree("""
        {"model":"up","input":["a","b"],"encoding_format":"base64","dimensions":256,"user":"u","x_vendor":{"k":1}}"""));
  }

  @Test
  void anEmbeddingRequestOfTokenIdsWritesThemAsItsInput() throws Exception {
    EmbeddingRequest request = new EmbeddingRequest("m", null, null, null, null, null,
        new TokenIds(java.util.List.of(new int[] {1, 2}), false));

    assertThat(json.readTree(json.writeValueAsString(request))).isEqualTo(json.readTree("""
        {"model":"m","input":[1,2]}"""));
  }

  @Test
  void contentIsReadAndWrittenAsTextOrParts() throws Exception {
    String body = """
        {"model":"m","messages":[{"role":"user","content":"plain"},
         {"role":"user","content":[{"type":"text","text":"look"},{"type":"image_url","image_url":{"url":"https://x/y.png"}}]}]}""";
    ChatRequest request = json.readValue(body, ChatRequest.class);

    assertThat(request.messages().get(0).content().isText()).isTrue();
    assertThat(request.messages().get(0).text()).isEqualTo("plain");
    assertThat(request.messages().get(1).content().parts()).hasSize(2);
    assertThat(request.messages().get(1).content().parts().get(1).imageUrl().url()).isEqualTo("https://x/y.png");
    JsonNode back = json.readTree(json.writeValueAsString(request));
    assertThat(back.get("messages").get(0).get("content").isTextual()).isTrue();
    assertThat(back.get("messages").get(1).get("content").isArray()).isTrue();
  }

  @Test
  void unknownFieldsOfAChoiceAndOfTheUsageDetailsSurviveARoundTrip() throws Exception {
    String body = """
        {"id":"c1","object":"chat.completion","created":1,"model":"m",
         "choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop",
          "content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}],
         "usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15,
          "prompt_tokens_details":{"cached_tokens":4,"image_tokens":3},
          "completion_tokens_details":{"reasoning_tokens":2,"accepted_prediction_tokens":1,"rejected_prediction_tokens":0}}}""";
    ChatResponse response = json.readValue(body, ChatResponse.class);

    assertThat(response.usage().reasoningTokens()).isEqualTo(2);
    JsonNode back = json.readTree(json.writeValueAsString(response.withModel("upstream")));
    assertThat(back.at("/choices/0/content_filter_results/hate/severity").asText()).isEqualTo("safe");
    assertThat(back.at("/usage/prompt_tokens_details/image_tokens").asInt()).isEqualTo(3);
    assertThat(back.at("/usage/completion_tokens_details/accepted_prediction_tokens").asInt()).isEqualTo(1);
    assertThat(back.at("/usage/completion_tokens_details/rejected_prediction_tokens").isNumber()).isTrue();
    assertThat(back.at("/choices/0").has("extra")).isFalse();
  }

  @Test
  void unknownFieldsOfAStreamedChoiceSurviveARoundTrip() throws Exception {
    String body = """
        {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m",
         "choices":[{"index":0,"delta":{"content":"hi"},
          "content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}]}""";
    ChatChunk chunk = json.readValue(body, ChatChunk.class);

    JsonNode back = json.readTree(json.writeValueAsString(chunk.withModel("upstream")));
    assertThat(back.at("/choices/0/content_filter_results/hate/severity").asText()).isEqualTo("safe");
    assertThat(back.at("/choices/0").has("extra")).isFalse();
    ChatChunk.Choice plain = new ChatChunk.Choice(0, ChatChunk.Delta.text("x"), null, null);
    assertThat(json.readTree(json.writeValueAsString(plain)).has("extra")).as("none when there are none").isFalse();
  }

  @Test
  void usageDetailsAreOptionalAndReadWhenPresent() throws Exception {
    Usage usage = json.readValue("""
        {"prompt_tokens":10,"completion_tokens":5,"total_tokens":15,
         "prompt_tokens_details":{"cached_tokens":4},"completion_tokens_details":{"reasoning_tokens":2}}""", Usage.class);
    assertThat(usage.cachedTokens()).isEqualTo(4);
    assertThat(usage.reasoningTokens()).isEqualTo(2);
    assertThat(json.readValue("{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}", Usage.class).cachedTokens()).isZero();
  }

  @Test
  void aUsageSplitsIntoTheTokensAsTheyArePricedCacheWritesIncludedAndIsWrittenAsItCame() throws Exception {
    String reported = """
        {"prompt_tokens":30,"completion_tokens":5,"total_tokens":35,
         "prompt_tokens_details":{"cached_tokens":4,"cache_write_tokens":20},
         "completion_tokens_details":{"reasoning_tokens":2}}""";
    Usage usage = json.readValue(reported, Usage.class);

    assertThat(usage.tokens()).isEqualTo(new dev.apprentice.api.trace.Tokens(30, 5, 4, 20, 2));
    assertThat(Usage.of(3, 1).tokens()).isEqualTo(new dev.apprentice.api.trace.Tokens(3, 1, 0, 0, 0));
    assertThat(json.readTree(json.writeValueAsString(usage))).isEqualTo(json.readTree(reported));
  }

  @Test
  void theTokensTheGatewayCountedAreWrittenAsAUsageWithEveryDetailZerosIncluded() throws Exception {
    Usage counted = Usage.counted(new dev.apprentice.api.trace.Tokens(30, 5, 4, 20, 2));

    assertThat(json.readTree(json.writeValueAsString(counted))).isEqualTo(json.readTree("""
        {"prompt_tokens":30,"completion_tokens":5,"total_tokens":35,
         "prompt_tokens_details":{"cached_tokens":4,"cache_write_tokens":20},
         "completion_tokens_details":{"reasoning_tokens":2}}"""));
    assertThat(counted.tokens()).isEqualTo(new dev.apprentice.api.trace.Tokens(30, 5, 4, 20, 2));
    assertThat(json.readTree(json.writeValueAsString(Usage.counted(null)))).isEqualTo(json.readTree("""
        {"prompt_tokens":0,"completion_tokens":0,"total_tokens":0,
         "prompt_tokens_details":{"cached_tokens":0,"cache_write_tokens":0},
         "completion_tokens_details":{"reasoning_tokens":0}}"""));
  }
}
