package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseIncludable;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseReasoningItem;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseRetrieveParams;
import dev.apprentice.testing.FakeUpstream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Java SDK's Responses client against the gateway: it validates every Response and event it reads
 * against OpenAI's schema, so a field missing or of the wrong shape fails here.
 */
class OpenAiSdkResponsesTest {

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        up: { type: openai, base_url: "%s", api_key: sk-upstream }
        sim: { type: simulator }
      models:
        gpt: { targets: [ { provider: up, model: gpt-4o-2024-08-06 } ], retries: 0 }
        sim-echo: { targets: [ { provider: sim, model: sim-echo } ] }
      """.formatted(upstream.baseUrl())).closing(upstream);
  @AutoClose
  private final OpenAIClient sdk = OpenAiSdks.client(gateway.server());

  @Test
  void theSdkReadsAResponseWhoseEveryFieldIsValid() {
    upstream.json(200, UpstreamAnswers.COMPLETION);

    Response response = sdk.responses().create(ResponseCreateParams.builder().model("gpt").input("Hi")
        .instructions("Be brief.").store(true).build());

    response.validate();
    assertThat(response.id()).startsWith("resp_");
    assertThat(response.output()).singleElement().satisfies(item ->
        assertThat(item.asMessage().content().getFirst().asOutputText().text()).isEqualTo("Hello from upstream"));
    assertThat(response.usage()).hasValueSatisfying(u -> {
      assertThat(u.inputTokens()).isEqualTo(9);
      assertThat(u.outputTokens()).isEqualTo(3);
      assertThat(u.totalTokens()).isEqualTo(12);
    });
  }

  @Test
  void theSdkRoundTripsAFunctionCall() {
    upstream.json(200, UpstreamAnswers.TOOL_COMPLETION);
    upstream.json(200, UpstreamAnswers.completion("Sunny"));
    FunctionTool weather = FunctionTool.builder().name("get_weather").strict(true)
        .parameters(FunctionTool.Parameters.builder()
            .putAdditionalProperty("type", JsonValue.from("object"))
            .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
            .putAdditionalProperty("required", JsonValue.from(List.of("city")))
            .putAdditionalProperty("additionalProperties", JsonValue.from(false))
            .build())
        .build();
    EasyInputMessage question = EasyInputMessage.builder().role(EasyInputMessage.Role.USER).content("Weather in Paris?")
        .build();

    Response first = sdk.responses().create(ResponseCreateParams.builder().model("gpt").addTool(weather)
        .inputOfResponse(List.of(ResponseInputItem.ofEasyInputMessage(question))).build());
    first.validate();
    ResponseFunctionToolCall call = first.output().getFirst().asFunctionCall();
    assertThat(call.callId()).isEqualTo("call_abc");
    assertThat(call.arguments()).isEqualTo("{\"city\":\"Paris\"}");

    Response second = sdk.responses().create(ResponseCreateParams.builder().model("gpt").addTool(weather)
        .inputOfResponse(List.of(ResponseInputItem.ofEasyInputMessage(question), ResponseInputItem.ofFunctionCall(call),
            ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                .callId(call.callId()).output("{\"temp\":21}").build())))
        .build());

    second.validate();
    assertThat(second.output().getFirst().asMessage().content().getFirst().asOutputText().text()).isEqualTo("Sunny");
    upstream.takeRequest();
    JsonNode messages = RawHttp.json(upstream.takeRequest().body()).path("messages");
    assertThat(messages.at("/1/tool_calls/0/id").asText()).isEqualTo("call_abc");
    assertThat(messages.at("/2/tool_call_id").asText()).isEqualTo("call_abc");
  }

  @Test
  void theSdkStreamsEventsWhoseTextMatchesTheAnswer() {
    StringBuilder text = new StringBuilder();
    List<Response> completed = new ArrayList<>();
    try (StreamResponse<ResponseStreamEvent> stream = sdk.responses().createStreaming(ResponseCreateParams.builder()
        .model("sim-echo").input("the quick brown fox jumps").build())) {
      stream.stream().forEach(event -> {
        event.validate();
        event.outputTextDelta().ifPresent(delta -> text.append(delta.delta()));
        event.completed().ifPresent(done -> completed.add(done.response()));
      });
    }

    assertThat(text.toString()).isEqualTo("the quick brown fox jumps");
    assertThat(completed).singleElement().satisfies(response -> {
      assertThat(response.output().getFirst().asMessage().content().getFirst().asOutputText().text())
          .isEqualTo("the quick brown fox jumps");
      assertThat(response.usage()).isPresent();
    });
  }

  @Test
  void theSdkValidatesEveryEventOfAStreamedToolCallAndOfAStreamThatBreaks() {
    upstream.sse(List.of(
        chunk("{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"call_abc\",\"type\":\"function\","
            + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}", null),
        chunk("{}", "tool_calls"), "data: [DONE]"));
    upstream.sseCutMidBody(List.of(chunk("{\"role\":\"assistant\",\"content\":\"Once upon\"}", null)));
    ResponseCreateParams params = ResponseCreateParams.builder().model("gpt").input("Weather in Paris?").build();

    List<ResponseStreamEvent> toolEvents = new ArrayList<>();
    List<String> arguments = new ArrayList<>();
    try (StreamResponse<ResponseStreamEvent> stream = sdk.responses().createStreaming(params)) {
      stream.stream().forEach(event -> {
        event.validate();
        toolEvents.add(event);
        event.functionCallArgumentsDone().ifPresent(done -> arguments.add(done.arguments()));
      });
    }
    List<String> failures = new ArrayList<>();
    try (StreamResponse<ResponseStreamEvent> stream = sdk.responses().createStreaming(params)) {
      stream.stream().forEach(event -> {
        event.validate();
        event.error().ifPresent(error -> failures.add("error:" + error.code().orElse("?")));
        event.failed().ifPresent(failed -> failures.add("failed:" + failed.response().error().orElseThrow().code()));
      });
    }

    assertThat(arguments).containsExactly("{\"city\":\"Paris\"}");
    // created, in_progress, output_item.added, one arguments delta, arguments done, output_item.done, completed
    assertThat(toolEvents).hasSize(7);
    assertThat(toolEvents.get(2).outputItemAdded().orElseThrow().item().asFunctionCall().callId()).isEqualTo("call_abc");
    // an upstream that cuts its stream: upstream_error, as the chat stream's error event says; the failed Response
    // carries a code the SDK knows
    assertThat(failures).containsExactly("error:upstream_error", "failed:server_error");
  }

  @Test
  void theSdkValidatesAStreamedReasoningItemAndSendsItBackInItsNextInput() {
    upstream.sse(List.of(chunk("{\"role\":\"assistant\",\"reasoning_content\":\"Two plus \"}", null),
        chunk("{\"reasoning_content\":\"two.\"}", null), chunk("{\"content\":\"4\"}", "stop"), "data: [DONE]"));
    upstream.json(200, UpstreamAnswers.completion("6"));
    EasyInputMessage question = EasyInputMessage.builder().role(EasyInputMessage.Role.USER).content("2+2?").build();

    StringBuilder thinking = new StringBuilder();
    List<Response> completed = new ArrayList<>();
    try (StreamResponse<ResponseStreamEvent> stream = sdk.responses().createStreaming(ResponseCreateParams.builder()
        .model("gpt").inputOfResponse(List.of(ResponseInputItem.ofEasyInputMessage(question)))
        .addInclude(ResponseIncludable.REASONING_ENCRYPTED_CONTENT).build())) {
      stream.stream().forEach(event -> {
        event.validate();
        event.reasoningTextDelta().ifPresent(delta -> thinking.append(delta.delta()));
        event.completed().ifPresent(done -> completed.add(done.response()));
      });
    }
    assertThat(thinking).hasToString("Two plus two.");
    ResponseReasoningItem reasoning = completed.getFirst().output().getFirst().asReasoning();
    assertThat(reasoning.content().orElseThrow().getFirst().text()).isEqualTo("Two plus two.");
    assertThat(reasoning.encryptedContent()).isPresent();

    Response next = sdk.responses().create(ResponseCreateParams.builder().model("gpt")
        .inputOfResponse(List.of(ResponseInputItem.ofEasyInputMessage(question),
            ResponseInputItem.ofReasoning(reasoning),
            ResponseInputItem.ofResponseOutputMessage(completed.getFirst().output().get(1).asMessage()),
            ResponseInputItem.ofEasyInputMessage(question.toBuilder().content("And 3+3?").build())))
        .build());

    next.validate();
    upstream.takeRequest();
    JsonNode messages = RawHttp.json(upstream.takeRequest().body()).path("messages");
    assertThat(messages).extracting(m -> m.path("role").asText()).containsExactly("user", "assistant", "user");
    // an openai target gets no reasoning_content back by default (reasoning_history: drop)
    assertThat(messages.path(1).has("reasoning_content")).isFalse();
  }

  private static String chunk(String delta, String finishReason) {
    String finish = finishReason == null ? "null" : "\"" + finishReason + "\"";
    return "data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o\","
        + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finish + "}]}";
  }

  @Test
  void theSdkSeesAStatefulRequestRefusedAndARetrievalNotFound() {
    assertThatThrownBy(() -> sdk.responses().create(ResponseCreateParams.builder().model("gpt").input("Hi")
        .previousResponseId("resp_123").build()))
        .isInstanceOfSatisfying(BadRequestException.class,
            e -> assertThat(e.body().toString()).contains("previous_response_id"));
    assertThatThrownBy(() -> sdk.responses().retrieve(ResponseRetrieveParams.builder().responseId("resp_123").build()))
        .isInstanceOf(NotFoundException.class);
  }
}
