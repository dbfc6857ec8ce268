package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK as a real client of the running gateway: only its base URL points elsewhere. */
class OpenAiSdkTest {

  private static final String EMBEDDINGS = """
      {"object":"list","model":"text-embedding-3-small","usage":{"prompt_tokens":4,"total_tokens":4},
       "data":[{"object":"embedding","index":0,"embedding":[0.25,-0.5,1.0]},
               {"object":"embedding","index":1,"embedding":[0.125,2.0,-3.5]}]}""";

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        up: { type: openai, base_url: "%s", api_key: sk-upstream }
        sim: { type: simulator }
      models:
        gpt:
          targets: [ { provider: up, model: gpt-4o-2024-08-06 } ]
          retries: 0
        embed:
          targets: [ { provider: up, model: text-embedding-3-small } ]
          retries: 0
        sim-echo:
          targets: [ { provider: sim, model: sim-echo } ]
      """.formatted(upstream.baseUrl())).closing(upstream);
  private final OpenAIClient sdk = sdkFor(gateway.server());

  /** Before the server closes ({@code @AfterEach} runs before {@code @AutoClose}). */
  @AfterEach
  void closeTheSdk() {
    sdk.close();
  }

  @Test
  void theSdkGetsAPlainCompletion() {
    upstream.json(200, UpstreamAnswers.COMPLETION);

    ChatCompletion completion = sdk.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("gpt").addUserMessage("Hi").temperature(0.2).build());

    assertThat(completion.id()).isEqualTo("chatcmpl-1");
    assertThat(completion.choices()).singleElement().satisfies(choice -> {
      assertThat(choice.message().content()).hasValue("Hello from upstream");
      assertThat(choice.finishReason().asString()).isEqualTo("stop");
    });
    assertThat(completion.usage()).hasValueSatisfying(u -> assertThat(u.totalTokens()).isEqualTo(12));
    JsonNode sent = RawHttp.json(upstream.takeRequest().body());
    assertThat(sent.path("model").asText()).isEqualTo("gpt-4o-2024-08-06");
    assertThat(sent.path("temperature").asDouble()).isEqualTo(0.2);
  }

  @Test
  void theSdkStreamsDeltasWhoseTextMatchesTheAnswer() {
    StringBuilder text = new StringBuilder();
    List<String> finishReasons = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(
        ChatCompletionCreateParams.builder().model("sim-echo").addUserMessage("the quick brown fox jumps").build())) {
      stream.stream().forEach(chunk -> chunk.choices().forEach(choice -> {
        choice.delta().content().ifPresent(text::append);
        choice.finishReason().ifPresent(f -> finishReasons.add(f.asString()));
      }));
    }

    assertThat(text.toString()).isEqualTo("the quick brown fox jumps");
    assertThat(finishReasons).containsExactly("stop");
  }

  @Test
  void theSdkIgnoresTheKeepAliveCommentsOfASlowStream() {
    // 0.6 tokens per second: the gateway writes an SSE comment into the ~1.7 s of silence between the words
    StringBuilder text = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(
        ChatCompletionCreateParams.builder().model("sim-echo").addUserMessage("slow reply")
            .metadata(ChatCompletionCreateParams.Metadata.builder().putProperty("sim_tps", "0.6").build()).build())) {
      stream.stream().forEach(chunk -> chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append)));
    }

    assertThat(text.toString()).isEqualTo("slow reply");
  }

  @Test
  void theSdkReadsAToolCallThatTheUpstreamMade() {
    upstream.json(200, UpstreamAnswers.TOOL_COMPLETION);

    ChatCompletion completion = sdk.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("gpt").addUserMessage("Weather in Paris?").addTool(weatherTool()).build());

    ChatCompletionMessageFunctionToolCall call = completion.choices().getFirst().message().toolCalls().orElseThrow()
        .getFirst().asFunction();
    assertThat(call.id()).isEqualTo("call_abc");
    assertThat(call.function().name()).isEqualTo("get_weather");
    assertThat(call.function().arguments()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(completion.choices().getFirst().finishReason().asString()).isEqualTo("tool_calls");
    JsonNode sent = RawHttp.json(upstream.takeRequest().body());
    assertThat(sent.path("tools").path(0).path("function").path("name").asText()).isEqualTo("get_weather");
    assertThat(sent.path("tools").path(0).path("function").path("parameters").path("properties").has("city")).isTrue();
  }

  @Test
  void theSdkGetsAToolCallFromTheSimulatorWhenToolChoiceIsRequired() {
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
        .model("sim-echo").addUserMessage("What is the weather?").addTool(weatherTool())
        .toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED).build();

    ChatCompletion completion = sdk.chat().completions().create(params);
    ChatCompletionMessageFunctionToolCall call = completion.choices().getFirst().message().toolCalls().orElseThrow()
        .getFirst().asFunction();
    assertThat(call.function().name()).isEqualTo("get_weather");
    assertThat(call.id()).isNotBlank();
    assertThat(completion.choices().getFirst().finishReason().asString()).isEqualTo("tool_calls");

    StringBuilder streamedName = new StringBuilder();
    StringBuilder streamedArguments = new StringBuilder();
    List<String> ids = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(params)) {
      stream.stream().flatMap(chunk -> chunk.choices().stream())
          .flatMap(choice -> choice.delta().toolCalls().orElse(List.of()).stream())
          .forEach(fragment -> {
            fragment.id().ifPresent(ids::add);
            fragment.function().flatMap(f -> f.name()).ifPresent(streamedName::append);
            fragment.function().flatMap(f -> f.arguments()).ifPresent(streamedArguments::append);
          });
    }
    assertThat(ids).containsExactly(call.id());
    assertThat(streamedName.toString()).isEqualTo("get_weather");
    assertThat(streamedArguments.toString()).isEqualTo(call.function().arguments());
  }

  @Test
  void theSdkGetsEmbeddingsAndBase64DecodesToTheSameVectors() {
    upstream.json(200, EMBEDDINGS).json(200, EMBEDDINGS);

    CreateEmbeddingResponse response = sdk.embeddings().create(EmbeddingCreateParams.builder()
        .model("embed").inputOfArrayOfStrings(List.of("first text", "second text")).build());

    assertThat(response.data()).hasSize(2);
    assertThat(response.data().get(0).embedding()).containsExactly(0.25f, -0.5f, 1.0f);
    assertThat(response.data().get(1).embedding()).containsExactly(0.125f, 2.0f, -3.5f);
    assertThat(response.usage().promptTokens()).isEqualTo(4);
    JsonNode sent = RawHttp.json(upstream.takeRequest().body());
    assertThat(sent.path("model").asText()).isEqualTo("text-embedding-3-small");
    assertThat(sent.path("input").path(1).asText()).isEqualTo("second text");
    assertThat(sent.path("encoding_format").asText()).as("the upstream is always asked for floats").isEqualTo("float");

    HttpResponse<String> raw = new RawHttp(gateway.server()).post("/v1/embeddings",
        "{\"model\":\"embed\",\"input\":[\"first text\",\"second text\"],\"encoding_format\":\"base64\"}");
    assertThat(raw.statusCode()).isEqualTo(200);
    JsonNode data = RawHttp.json(raw.body()).path("data");
    assertThat(data.path(0).path("embedding").isTextual()).isTrue();
    assertThat(decode(data.path(0).path("embedding").asText())).containsExactly(0.25f, -0.5f, 1.0f);
    assertThat(decode(data.path(1).path("embedding").asText())).containsExactly(0.125f, 2.0f, -3.5f);
  }

  @Test
  void anUnknownModelMakesTheSdkThrowNotFoundWithTheGatewaysMessage() {
    assertThatThrownBy(() -> sdk.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("gpt-17").addUserMessage("Hi").build()))
        .isInstanceOfSatisfying(NotFoundException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(404);
          assertThat(e.code()).hasValue("model_not_found");
          assertThat(e.param()).hasValue("model");
          assertThat(e.type()).hasValue("invalid_request_error");
          assertThat(e.getMessage()).contains("gpt-17").contains("does not exist");
        });
  }

  @Test
  void theEmbeddedDefaultConfigServesTheSdkThroughTheSimulator() {
    try (RunningGateway embedded = Gateways.runningDefaults(TempDirs.create())) {
      OpenAIClient client = sdkFor(embedded.server());
      HttpResponseFor<ChatCompletion> raw = client.chat().completions().withRawResponse().create(
          ChatCompletionCreateParams.builder().model("sim-echo").addUserMessage("hello from the sdk").build());
      ChatCompletion completion = raw.parse();

      assertThat(completion.choices().getFirst().message().content()).hasValue("hello from the sdk");
      assertThat(completion.usage()).hasValueSatisfying(u -> assertThat(u.completionTokens()).isPositive());
      assertThat(raw.headers().values("x-apprentice-served-by")).singleElement().isEqualTo("simulator/sim-echo");
      assertThat(client.models().list().data()).extracting(m -> m.id()).contains("sim-echo", "sim-lorem");
      client.close();
    }
  }

  private static OpenAIClient sdkFor(ApprenticeServer server) {
    return OpenAiSdks.client(server);
  }

  private static ChatCompletionFunctionTool weatherTool() {
    return ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
        .name("get_weather").description("Weather of a city")
        .parameters(FunctionParameters.builder()
            .putAdditionalProperty("type", JsonValue.from("object"))
            .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
            .putAdditionalProperty("required", JsonValue.from(List.of("city")))
            .build())
        .build()).build();
  }

  private static float[] decode(String base64) {
    ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
    float[] vector = new float[bytes.remaining() / 4];
    for (int i = 0; i < vector.length; i++) vector[i] = bytes.getFloat();
    return vector;
  }
}
