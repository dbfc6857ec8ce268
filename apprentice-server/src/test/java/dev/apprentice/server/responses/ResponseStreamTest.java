package dev.apprentice.server.responses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ToolCall;
import dev.apprentice.api.Usage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseStreamTest {

  private final ResponseStream stream = new ResponseStream(
      new ResponseObject(new ObjectMapper().createObjectNode().put("model", "m"), "resp_1", 1));
  private final List<ResponseStream.Event> events = new ArrayList<>();

  private void chunk(ChatChunk.Delta delta, String finish, Usage usage) {
    events.addAll(stream.chunk(new ChatChunk("c", ChatChunk.OBJECT, 1L, "m",
        delta == null ? List.of() : List.of(new ChatChunk.Choice(0, delta, finish, null)), usage, null, null)));
  }

  private static ChatChunk.Delta call(Integer index, String id, String name, String arguments) {
    ToolCall call = new ToolCall(index, id, id == null ? null : "function", new ToolCall.FunctionCall(name, arguments));
    return new ChatChunk.Delta(null, null, List.of(call), null, null);
  }

  /** Each event as {@code output_index:type}, the stream's own events as their type alone. */
  private List<String> order() {
    return events.stream().map(e -> (e.data().has("output_index") ? e.data().path("output_index").asInt() + ":" : "")
        + e.type().replace("response.", "")).toList();
  }

  private void assertNothingOfAnItemFollowsItsDone() {
    var closed = new java.util.HashSet<Integer>();
    for (ResponseStream.Event event : events) {
      if (!event.data().has("output_index")) continue;
      int index = event.data().path("output_index").asInt();
      assertThat(closed).as("%s after output_item.done", event.data()).doesNotContain(index);
      if (event.type().equals("response.output_item.done")) closed.add(index);
    }
  }

  @Test
  void eachItemClosesAsSoonAsTheNextOpensWhenTheCallsComeOneAfterTheOther() {
    chunk(ChatChunk.Delta.text("Checking"), null, null);
    chunk(ChatChunk.Delta.text("."), null, null);
    chunk(call(0, "c1", "weather", "{\"city\":"), null, null);
    chunk(call(0, null, null, "\"Paris\"}"), null, null);
    chunk(call(1, "c2", "time", ""), null, null);
    chunk(call(1, null, null, "{\"zone\":\"CET\"}"), null, null);
    chunk(new ChatChunk.Delta(null, null, null, null, null), "tool_calls", null);
    events.addAll(stream.end());

    assertThat(order()).containsExactly("created", "in_progress",
        "0:output_item.added", "0:content_part.added", "0:output_text.delta", "0:output_text.delta",
        "0:output_text.done", "0:content_part.done", "0:output_item.done",
        "1:output_item.added", "1:function_call_arguments.delta", "1:function_call_arguments.delta",
        "1:function_call_arguments.done", "1:output_item.done",
        "2:output_item.added", "2:function_call_arguments.delta",
        "2:function_call_arguments.done", "2:output_item.done",
        "completed");
    assertThat(events).extracting(e -> e.data().path("sequence_number").asInt())
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, events.size()).boxed().toList());
    var firstDone = events.stream().filter(e -> e.type().equals("response.function_call_arguments.done")).findFirst();
    assertThat(firstDone.orElseThrow().data().path("arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
    var output = events.getLast().data().at("/response/output");
    assertThat(output.path(0).path("status").asText()).isEqualTo("completed");
    assertThat(output.path(0).at("/content/0/text").asText()).isEqualTo("Checking.");
    assertThat(output.path(2).path("arguments").asText()).isEqualTo("{\"zone\":\"CET\"}");
  }

  @Test
  void textAfterACallOpensASecondMessageRatherThanReopeningTheClosedOne() {
    chunk(ChatChunk.Delta.text("First."), null, null);
    chunk(call(0, "c1", "weather", "{}"), null, null);
    chunk(ChatChunk.Delta.text("Then."), "tool_calls", null);
    events.addAll(stream.end());

    assertNothingOfAnItemFollowsItsDone();
    assertThat(events).filteredOn(e -> e.type().equals("response.output_item.done"))
        .extracting(e -> e.data().path("output_index").asInt() + ":" + e.data().at("/item/type").asText())
        .containsExactly("0:message", "1:function_call", "2:message");
    var output = events.getLast().data().at("/response/output");
    assertThat(output.path(0).at("/content/0/text").asText()).isEqualTo("First.");
    assertThat(output.path(2).at("/content/0/text").asText()).isEqualTo("Then.");
  }

  @Test
  void aFragmentForACallAlreadyClosedIsNotStreamedAfterItsDone() {
    chunk(call(0, "c1", "weather", "{}"), null, null);
    chunk(call(1, "c2", "weather", "{}"), null, null);
    chunk(call(0, null, null, " "), "tool_calls", null);
    events.addAll(stream.end());

    assertNothingOfAnItemFollowsItsDone();
    assertThat(events.getLast().data().at("/response/output/0/arguments").asText()).isEqualTo("{}");
  }

  @Test
  void aStreamThatBreaksAfterACallClosedFailsWithThatCallAsItsDoneGaveIt() {
    chunk(call(0, "c1", "weather", "{}"), null, null);
    chunk(call(1, "c2", "weather", "{\"ci"), null, null);
    events.addAll(stream.failed("upstream_error", "cut"));

    var output = events.getLast().data().at("/response/output");
    assertThat(output.path(0).path("status").asText()).isEqualTo("completed");
    assertThat(output.path(1).path("status").asText()).isEqualTo("incomplete");
  }

  @Test
  void interleavedParallelCallsStayOpenUntilTheEndAndCloseInOutputOrder() {
    chunk(ChatChunk.Delta.text("Checking."), null, null);
    chunk(call(0, "c1", "weather", "{\"city\":"), null, null);
    chunk(call(1, "c2", "weather", "{\"city\":\"Rome\"}"), null, null);
    chunk(call(0, null, null, "\"Paris\"}"), null, null);
    chunk(new ChatChunk.Delta(null, null, null, null, null), "tool_calls", null);
    chunk(null, null, Usage.of(5, 7));
    events.addAll(stream.end());

    assertThat(events).extracting(e -> e.data().path("sequence_number").asInt())
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, events.size()).boxed().toList());
    assertThat(events).filteredOn(e -> e.type().equals("response.output_item.added"))
        .extracting(e -> e.data().path("output_index").asInt() + ":" + e.data().at("/item/type").asText())
        .containsExactly("0:message", "1:function_call", "2:function_call");
    assertThat(events).filteredOn(e -> e.type().equals("response.function_call_arguments.delta"))
        .extracting(e -> e.data().path("output_index").asInt() + ":" + e.data().path("delta").asText())
        .containsExactly("1:{\"city\":", "2:{\"city\":\"Rome\"}", "1:\"Paris\"}");
    assertThat(events).filteredOn(e -> e.type().equals("response.output_item.done"))
        .extracting(e -> e.data().path("output_index").asInt()).containsExactly(0, 1, 2);
    assertNothingOfAnItemFollowsItsDone();
    assertThat(order()).containsSubsequence("0:output_item.done", "1:output_item.added");
    assertThat(order()).containsSubsequence("1:function_call_arguments.delta", "2:output_item.added",
        "2:function_call_arguments.delta", "1:function_call_arguments.delta",
        "1:output_item.done", "2:output_item.done");
    var completed = events.getLast();
    assertThat(completed.type()).isEqualTo("response.completed");
    assertThat(completed.data().at("/response/output/1/arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(completed.data().at("/response/output/2/call_id").asText()).isEqualTo("c2");
    assertThat(completed.data().at("/response/usage/output_tokens").asInt()).isEqualTo(7);
  }

  @Test
  void aStreamThatBreaksBeforeAnyOutputStillOpensThenFails() {
    events.addAll(stream.failed("upstream_timeout", "model 'm' did not answer within 10 ms"));

    assertThat(events).extracting(ResponseStream.Event::type)
        .containsExactly("response.created", "response.in_progress", "error", "response.failed");
    assertThat(events.get(2).data().path("code").asText()).isEqualTo("upstream_timeout");
    assertThat(events.get(3).data().at("/response/status").asText()).isEqualTo("failed");
  }

  @Test
  void aRefusalIsStreamedAsRefusalDeltasOfAMessage() {
    chunk(new ChatChunk.Delta(null, null, null, "I can't", null), null, null);
    chunk(new ChatChunk.Delta(null, null, null, " help.", null), "stop", null);
    events.addAll(stream.end());

    assertThat(events).extracting(ResponseStream.Event::type).contains("response.refusal.delta", "response.refusal.done");
    assertThat(events.getLast().data().at("/response/output/0/content/0/refusal").asText()).isEqualTo("I can't help.");
  }

  @ParameterizedTest
  @CsvSource({"length, max_output_tokens", "content_filter, content_filter"})
  void aFinishOnTheLimitOrAContentFilterEndsIncompleteWithItsReason(String finish, String reason) {
    chunk(ChatChunk.Delta.text("Once upon"), finish, null);
    events.addAll(stream.end());

    var last = events.getLast();
    assertThat(last.type()).isEqualTo("response.incomplete");
    assertThat(last.data().at("/response/status").asText()).isEqualTo("incomplete");
    assertThat(last.data().at("/response/incomplete_details/reason").asText()).isEqualTo(reason);
    assertThat(last.data().at("/response/output/0/status").asText()).isEqualTo("incomplete");
  }

  @Test
  void oneCallInFragmentsWithoutIndexIsStreamedAsOneItem() {
    chunk(call(null, "c1", "weather", "{\"city\":"), null, null);
    chunk(call(null, null, null, "\"Paris\"}"), null, null);
    chunk(new ChatChunk.Delta(null, null, null, null, null), "tool_calls", null);
    events.addAll(stream.end());

    var output = events.getLast().data().at("/response/output");
    assertThat(output).hasSize(1);
    assertThat(output.path(0).path("call_id").asText()).isEqualTo("c1");
    assertThat(output.path(0).path("arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
  }

  @Test
  void twoCallsOneAfterTheOtherWithoutIndexAreStreamedAsTwoItems() {
    chunk(call(null, "c1", "weather", "{\"city\":"), null, null);
    chunk(call(null, null, null, "\"Paris\"}"), null, null);
    chunk(call(null, "c2", "time", "{\"zone\":"), null, null);
    chunk(call(null, null, null, "\"CET\"}"), null, null);
    chunk(new ChatChunk.Delta(null, null, null, null, null), "tool_calls", null);
    events.addAll(stream.end());

    assertNothingOfAnItemFollowsItsDone();
    var output = events.getLast().data().at("/response/output");
    assertThat(output).hasSize(2);
    assertThat(output.path(0).path("arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(output.path(1).path("call_id").asText()).isEqualTo("c2");
    assertThat(output.path(1).path("name").asText()).isEqualTo("time");
    assertThat(output.path(1).path("arguments").asText()).isEqualTo("{\"zone\":\"CET\"}");
  }
}
