package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/responses} with {@code stream: true}: the chat stream comes back as the Responses API's typed events,
 * numbered in order from 0, ending with the whole Response (or, for a stream that breaks, with the error the chat
 * stream's error event would carry).
 */
class ResponsesStreamTest {

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        up: { type: openai, base_url: "%s", api_key: sk-upstream }
      models:
        gpt: { targets: [ { provider: up, model: gpt-4o-2024-08-06 } ], retries: 0 }
      """.formatted(upstream.baseUrl())).closing(upstream);

  private static final String USAGE = "data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\","
      + "\"created\":1700000000,\"model\":\"gpt-4o\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,"
      + "\"completion_tokens\":2,\"total_tokens\":11}}";

  private HttpResponse<String> stream(String fields) {
    return gateway.http().post("/v1/responses", null, "{\"model\":\"gpt\",\"stream\":true," + fields + "}");
  }

  @Test
  void aStreamedAnswerComesAsTheTypedEventsInOrderNumberedFromZero() {
    upstream.sse(List.of(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null), chunk("{\"content\":\"Hello\"}", null),
        chunk("{\"content\":\" world\"}", null), chunk("{}", "stop"), USAGE, "data: [DONE]"));

    HttpResponse<String> response = stream("\"input\":\"Hi\"");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    assertThat(response.headers().firstValue("x-apprentice-served-by")).hasValue("up/gpt-4o-2024-08-06");
    assertThat(response.body()).doesNotContain("[DONE]");
    ResponseEvents events = ResponseEvents.parse(response.body());
    assertThat(events.types()).containsExactly("response.created", "response.in_progress",
        "response.output_item.added", "response.content_part.added", "response.output_text.delta",
        "response.output_text.delta", "response.output_text.done", "response.content_part.done",
        "response.output_item.done", "response.completed");
    assertThat(events.events()).allSatisfy(e -> assertThat(e.name()).isEqualTo(e.type()));
    assertThat(events.events().stream().map(e -> e.data().path("sequence_number").asInt()))
        .containsExactlyElementsOf(IntStream.range(0, events.events().size()).boxed().toList());
    String id = "resp_" + response.headers().firstValue("x-apprentice-trace-id").orElseThrow().substring(3);
    assertThat(events.only("response.created").at("/response/id").asText()).isEqualTo(id);
    assertThat(events.only("response.created").at("/response/status").asText()).isEqualTo("in_progress");
    JsonNode added = events.only("response.output_item.added");
    String itemId = added.at("/item/id").asText();
    assertThat(added.path("output_index").asInt()).isZero();
    assertThat(added.at("/item/type").asText()).isEqualTo("message");
    assertThat(added.at("/item/status").asText()).isEqualTo("in_progress");
    assertThat(events.all("response.output_text.delta")).allSatisfy(d -> {
      assertThat(d.path("item_id").asText()).isEqualTo(itemId);
      assertThat(d.path("content_index").asInt()).isZero();
    });
    assertThat(events.deltas("response.output_text.delta")).isEqualTo("Hello world");
    assertThat(events.only("response.output_text.done").path("text").asText()).isEqualTo("Hello world");
    assertThat(events.only("response.content_part.done").at("/part/text").asText()).isEqualTo("Hello world");
    assertThat(events.only("response.output_item.done").at("/item/status").asText()).isEqualTo("completed");
    JsonNode completed = events.only("response.completed").path("response");
    assertThat(completed.path("id").asText()).isEqualTo(id);
    assertThat(completed.path("status").asText()).isEqualTo("completed");
    assertThat(completed.at("/output/0/content/0/text").asText()).isEqualTo("Hello world");
    assertThat(completed.at("/usage/input_tokens").asInt()).isEqualTo(9);
    assertThat(completed.at("/usage/output_tokens").asInt()).isEqualTo(2);
    assertThat(completed.at("/usage/total_tokens").asInt()).isEqualTo(11);
    assertThat(RawHttp.json(upstream.takeRequest().body()).path("stream").asBoolean()).isTrue();
  }

  @Test
  void aStreamedToolCallComesAsAFunctionCallItemWithItsArgumentsInDeltas() {
    upstream.sse(List.of(
        chunk("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_abc\",\"type\":\"function\","
            + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}", null),
        chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}", null),
        chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]}", null),
        chunk("{}", "tool_calls"), USAGE, "data: [DONE]"));

    HttpResponse<String> response = stream("""
        "input":"Weather in Paris?","tools":[{"type":"function","name":"get_weather",
          "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}]""");

    ResponseEvents events = ResponseEvents.parse(response.body());
    assertThat(events.types()).containsExactly("response.created", "response.in_progress",
        "response.output_item.added", "response.function_call_arguments.delta",
        "response.function_call_arguments.delta", "response.function_call_arguments.done",
        "response.output_item.done", "response.completed");
    JsonNode added = events.only("response.output_item.added").path("item");
    assertThat(added.path("type").asText()).isEqualTo("function_call");
    assertThat(added.path("call_id").asText()).isEqualTo("call_abc");
    assertThat(added.path("name").asText()).isEqualTo("get_weather");
    assertThat(events.deltas("response.function_call_arguments.delta")).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(events.all("response.function_call_arguments.delta"))
        .allSatisfy(d -> assertThat(d.path("item_id").asText()).isEqualTo(added.path("id").asText()));
    assertThat(events.only("response.function_call_arguments.done").path("arguments").asText())
        .isEqualTo("{\"city\":\"Paris\"}");
    JsonNode done = events.only("response.output_item.done").path("item");
    assertThat(done.path("status").asText()).isEqualTo("completed");
    assertThat(done.path("arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
    JsonNode completed = events.only("response.completed").path("response");
    assertThat(completed.at("/output/0/type").asText()).isEqualTo("function_call");
    assertThat(completed.at("/output/0/call_id").asText()).isEqualTo("call_abc");
  }

  @Test
  void aStreamCutAtTheOutputLimitEndsWithResponseIncomplete() {
    upstream.sse(List.of(chunk("{\"role\":\"assistant\",\"content\":\"Once upon\"}", null), chunk("{}", "length"),
        USAGE, "data: [DONE]"));

    ResponseEvents events = ResponseEvents.parse(stream("\"input\":\"Tell a story\",\"max_output_tokens\":2").body());

    assertThat(events.types().getLast()).isEqualTo("response.incomplete");
    JsonNode response = events.only("response.incomplete").path("response");
    assertThat(response.path("status").asText()).isEqualTo("incomplete");
    assertThat(response.at("/incomplete_details/reason").asText()).isEqualTo("max_output_tokens");
    assertThat(events.only("response.output_item.done").at("/item/status").asText()).isEqualTo("incomplete");
  }

  @Test
  void aStreamThatBreaksAfterItBeganEndsWithTheErrorCodeTheChatStreamWouldCarry() {
    List<String> broken = List.of(chunk("{\"role\":\"assistant\",\"content\":\"Once upon\"}", null));
    upstream.sseCutMidBody(broken);
    upstream.sseCutMidBody(broken);

    JsonNode chatError = SseEvents.parse(gateway.http().post("/v1/chat/completions", null,
        "{\"model\":\"gpt\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}").body())
        .json().getLast().path("error");
    HttpResponse<String> response = stream("\"input\":\"Hi\"");

    assertThat(response.statusCode()).isEqualTo(200);
    ResponseEvents events = ResponseEvents.parse(response.body());
    assertThat(events.deltas("response.output_text.delta")).isEqualTo("Once upon");
    assertThat(events.types().subList(events.types().size() - 2, events.types().size()))
        .containsExactly("error", "response.failed");
    assertThat(chatError.path("code").asText()).isNotBlank();
    assertThat(events.only("error").path("code").asText()).isEqualTo(chatError.path("code").asText());
    assertThat(events.only("error").path("message").asText()).isEqualTo(chatError.path("message").asText());
    JsonNode failed = events.only("response.failed").path("response");
    assertThat(failed.path("status").asText()).isEqualTo("failed");
    assertThat(failed.at("/error/code").asText()).isEqualTo("server_error"); // the nearest code OpenAI's schema lists
    assertThat(failed.at("/error/message").asText()).isEqualTo(chatError.path("message").asText());
    assertThat(events.events().getLast().data().path("sequence_number").asInt()).isEqualTo(events.events().size() - 1);
  }

  @Test
  void aToolCallStreamedWithABlankIdGetsACallIdTheClientCanAnswer() {
    upstream.sse(List.of(chunk("{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"\",\"type\":\"function\","
        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]}", null), chunk("{}", "tool_calls"), USAGE,
        "data: [DONE]"));

    HttpResponse<String> response = stream("\"input\":\"Weather?\",\"tools\":[{\"type\":\"function\","
        + "\"name\":\"get_weather\"}]");
    ResponseEvents events = ResponseEvents.parse(response.body());

    String callId = events.only("response.output_item.added").at("/item/call_id").asText();
    assertThat(callId).startsWith("call_").hasSizeGreaterThan(5);
    assertThat(events.only("response.output_item.done").at("/item/call_id").asText()).isEqualTo(callId);
    assertThat(events.only("response.completed").at("/response/output/0/call_id").asText()).isEqualTo(callId);
    JsonNode trace = gateway.admin().trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(trace.at("/response/choices/0/message/tool_calls/0/id").asText()).isEqualTo(callId);
  }

  private static String chunk(String delta, String finishReason) {
    String finish = finishReason == null ? "null" : "\"" + finishReason + "\"";
    return "data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o\","
        + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finish + "}]}";
  }
}
