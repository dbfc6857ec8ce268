package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.FunctionDefinition;
import com.openai.models.ReasoningEffort;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionNamedToolChoice;
import com.openai.models.chat.completions.ChatCompletionPredictionContent;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.apprentice.testing.FakeUpstream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * What a demanding user of the official SDK sends and reads through the gateway to an OpenAI-type upstream: every
 * request field OpenAI documents reaches the upstream as the SDK wrote it, and every field of the answer — several
 * choices, log probabilities, a refusal, a content filter's finish, the service tier, the usage details — reaches the
 * SDK as the upstream wrote it, its cost counted once, cached prompt tokens at their own price.
 */
class OpenAiSdkParityTest {

  private static final String TWO_CHOICES = """
      {"id":"chatcmpl-2","object":"chat.completion","created":1700000000,"model":"gpt-4o-2024-08-06",
       "service_tier":"default","system_fingerprint":"fp_1",
       "choices":[
         {"index":0,"message":{"role":"assistant","content":"Yes","refusal":null},"finish_reason":"stop",
          "logprobs":{"content":[{"token":"Yes","logprob":-0.25,"bytes":[89,101,115],
            "top_logprobs":[{"token":"Yes","logprob":-0.25,"bytes":[89,101,115]},{"token":"No","logprob":-1.5,"bytes":[78,111]}]}],
           "refusal":null}},
         {"index":1,"message":{"role":"assistant","content":null,"refusal":"I can't help with that."},
          "finish_reason":"content_filter","logprobs":null}],
       "usage":{"prompt_tokens":1000,"completion_tokens":100,"total_tokens":1100,
         "prompt_tokens_details":{"cached_tokens":800,"audio_tokens":0},
         "completion_tokens_details":{"reasoning_tokens":10,"audio_tokens":0,"accepted_prediction_tokens":5,
           "rejected_prediction_tokens":3}}}""";
  private static final String VECTORS = """
      {"object":"list","model":"text-embedding-3-small","usage":{"prompt_tokens":3,"total_tokens":3},
       "data":[{"object":"embedding","index":0,"embedding":[0.6,0.8]},{"object":"embedding","index":1,"embedding":[0.8,0.6]}]}""";

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        up: { type: openai, base_url: "%s", api_key: sk-upstream }
      models:
        gpt:
          targets: [ { provider: up, model: gpt-4o-2024-08-06 } ]
          retries: 0
          price: { input_per_mtok: 2.0, output_per_mtok: 8.0, cached_input_per_mtok: 0.5 }
        reasoner:
          targets: [ { provider: up, model: o3 } ]
          retries: 0
        embed:
          targets: [ { provider: up, model: text-embedding-3-small } ]
          retries: 0
      """.formatted(upstream.baseUrl())).closing(upstream);
  @AutoClose
  private final OpenAIClient sdk = OpenAiSdks.client(gateway.server());

  private JsonNode sent() {
    return RawHttp.json(upstream.takeRequest().body());
  }

  @Test
  void twoChoicesReachTheSdkWithLogprobsRefusalFinishReasonsServiceTierAndUsageDetailsPricedOnce() {
    upstream.json(200, TWO_CHOICES);

    HttpResponseFor<ChatCompletion> raw = sdk.chat().completions().withRawResponse().create(
        ChatCompletionCreateParams.builder().model("gpt").addUserMessage("Yes or no?").n(2).logprobs(true)
            .topLogprobs(2).build());
    ChatCompletion answer = raw.parse();

    assertThat(answer.choices()).hasSize(2);
    ChatCompletion.Choice first = answer.choices().get(0);
    assertThat(first.message().content()).hasValue("Yes");
    assertThat(first.logprobs().orElseThrow().content().orElseThrow()).singleElement().satisfies(token -> {
      assertThat(token.logprob()).isEqualTo(-0.25);
      assertThat(token.topLogprobs()).extracting(t -> t.token()).containsExactly("Yes", "No");
    });
    ChatCompletion.Choice second = answer.choices().get(1);
    assertThat(second.index()).isEqualTo(1);
    assertThat(second.message().refusal()).hasValue("I can't help with that.");
    assertThat(second.finishReason().asString()).isEqualTo("content_filter");
    assertThat(answer.serviceTier()).hasValueSatisfying(t -> assertThat(t.asString()).isEqualTo("default"));
    assertThat(answer.systemFingerprint()).hasValue("fp_1");
    assertThat(answer.usage()).hasValueSatisfying(usage -> {
      assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).hasValue(800L);
      assertThat(usage.completionTokensDetails().orElseThrow().reasoningTokens()).hasValue(10L);
      assertThat(usage.completionTokensDetails().orElseThrow().acceptedPredictionTokens()).hasValue(5L);
      assertThat(usage.completionTokensDetails().orElseThrow().rejectedPredictionTokens()).hasValue(3L);
    });

    JsonNode trace = gateway.admin().trace(raw.headers().values("x-apprentice-trace-id").getFirst());
    assertThat(trace.path("input_tokens").asInt()).isEqualTo(1000);
    assertThat(trace.path("cached_input_tokens").asInt()).isEqualTo(800);
    assertThat(trace.path("output_tokens").asInt()).isEqualTo(100);
    assertThat(trace.path("reasoning_tokens").asInt()).isEqualTo(10);
    // 200 prompt tokens at $2, 800 cached at $0.50, 100 completion tokens at $8 per million: prediction tokens,
    // accepted or rejected, are completion tokens already
    assertThat(trace.path("cost_usd").asDouble()).isCloseTo(0.0016, within(1e-12));
  }

  @Test
  void theRequestFieldsOfTheSdkReachTheUpstreamAsSent() {
    upstream.json(200, UpstreamAnswers.COMPLETION);

    sdk.chat().completions().create(ChatCompletionCreateParams.builder().model("gpt")
        .addDeveloperMessage("Answer in JSON.").addUserMessage("Weather in Paris?")
        .maxCompletionTokens(200).seed(42).stop(ChatCompletionCreateParams.Stop.ofStrings(List.of("END", "STOP")))
        .user("user-7").store(true)
        .metadata(ChatCompletionCreateParams.Metadata.builder().putAdditionalProperty("team", JsonValue.from("search"))
            .build())
        .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name("get_weather").build())
            .build())
        .toolChoice(ChatCompletionToolChoiceOption.ofNamedToolChoice(ChatCompletionNamedToolChoice.builder()
            .function(ChatCompletionNamedToolChoice.Function.builder().name("get_weather").build()).build()))
        .parallelToolCalls(false)
        .responseFormat(ResponseFormatJsonSchema.builder().jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
            .name("weather").strict(true).schema(ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(Map.of("celsius", Map.of("type", "number"))))
                .build()).build()).build())
        .prediction(ChatCompletionPredictionContent.builder().content("{\"celsius\": 20}").build())
        .serviceTier(ChatCompletionCreateParams.ServiceTier.FLEX)
        .logprobs(true).topLogprobs(3)
        .build());

    JsonNode sent = sent();
    assertThat(sent.at("/messages/0/role").asText()).isEqualTo("developer");
    assertThat(sent.path("max_completion_tokens").asInt()).isEqualTo(200);
    assertThat(sent.has("max_tokens")).isFalse();
    assertThat(sent.path("seed").asLong()).isEqualTo(42);
    assertThat(sent.path("stop")).hasToString("[\"END\",\"STOP\"]");
    assertThat(sent.path("user").asText()).isEqualTo("user-7");
    assertThat(sent.path("store").asBoolean()).isTrue();
    assertThat(sent.at("/metadata/team").asText()).isEqualTo("search");
    assertThat(sent.at("/tool_choice/function/name").asText()).isEqualTo("get_weather");
    assertThat(sent.path("parallel_tool_calls").isBoolean()).isTrue();
    assertThat(sent.path("parallel_tool_calls").asBoolean()).isFalse();
    assertThat(sent.at("/response_format/type").asText()).isEqualTo("json_schema");
    assertThat(sent.at("/response_format/json_schema/strict").asBoolean()).isTrue();
    assertThat(sent.at("/response_format/json_schema/schema/properties/celsius/type").asText()).isEqualTo("number");
    assertThat(sent.at("/prediction/content").asText()).isEqualTo("{\"celsius\": 20}");
    assertThat(sent.path("service_tier").asText()).isEqualTo("flex");
    assertThat(sent.path("logprobs").asBoolean()).isTrue();
    assertThat(sent.path("top_logprobs").asInt()).isEqualTo(3);
  }

  @Test
  void aReasoningModelGetsTheEffortAndTheSdksOneStopStringAsSent() {
    upstream.json(200, UpstreamAnswers.COMPLETION);

    sdk.chat().completions().create(ChatCompletionCreateParams.builder().model("reasoner").addUserMessage("Think")
        .reasoningEffort(ReasoningEffort.HIGH).stop("END").maxTokens(300).build());

    JsonNode sent = sent();
    assertThat(sent.path("model").asText()).isEqualTo("o3");
    assertThat(sent.path("reasoning_effort").asText()).isEqualTo("high");
    assertThat(sent.path("stop").isTextual()).isTrue();
    assertThat(sent.path("stop").asText()).isEqualTo("END");
    assertThat(sent.path("max_completion_tokens").asInt()).as("o3 refuses max_tokens").isEqualTo(300);
    assertThat(sent.has("max_tokens")).isFalse();
  }

  @Test
  void embeddingsOfTokenArraysWithDimensionsComeBackAsBase64() {
    upstream.json(200, VECTORS);

    CreateEmbeddingResponse answer = sdk.embeddings().create(EmbeddingCreateParams.builder().model("embed")
        .inputOfArrayOfTokenArrays(List.of(List.of(15339L, 1917L), List.of(9906L))).dimensions(2)
        .encodingFormat(EmbeddingCreateParams.EncodingFormat.BASE64).build());

    assertThat(answer.data()).hasSize(2);
    assertThat(answer.data().get(0).embedding()).containsExactly(0.6f, 0.8f);
    assertThat(answer.data().get(1).embedding()).containsExactly(0.8f, 0.6f);
    JsonNode sent = sent();
    assertThat(sent.path("input")).hasToString("[[15339,1917],[9906]]");
    assertThat(sent.path("dimensions").asInt()).isEqualTo(2);
    assertThat(sent.path("encoding_format").asText()).as("asked for floats, encoded by the gateway").isEqualTo("float");
  }
}
