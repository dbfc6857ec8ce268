package dev.apprentice.providers.openai;

import static dev.apprentice.providers.openai.OpenAiProviderTest.context;
import static dev.apprentice.providers.openai.OpenAiProviderTest.request;
import static dev.apprentice.providers.openai.OpenAiWire.chunk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ToolCall;
import dev.apprentice.testing.FakeUpstream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Tool calls an OpenAI-compatible server answers without an id, or with a blank one, get a {@code call_…} of the
 * gateway's where the answer is read, so that chat completions, the Responses API, the trace and the cache all hold
 * the id the client answers the call by.
 */
class OpenAiToolCallIdsTest {

  private final FakeUpstream upstream = new FakeUpstream();
  private final OpenAiProvider provider = new OpenAiProvider("local", upstream.baseUrl(), null, Map.of(),
      OpenAiProviderContractTest.CLIENT);

  @AfterEach
  void stopUpstream() {
    upstream.close();
  }

  @Test
  void callsAnsweredWithoutAnIdOrWithABlankOneGetDistinctIdsAndANamedCallKeepsItsOwn() throws Exception {
    upstream.json(200, """
        {"id":"chatcmpl-2","object":"chat.completion","created":1700000000,"model":"local",
         "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
           {"type":"function","function":{"name":"get_weather","arguments":"{}"}},
           {"id":" ","type":"function","function":{"name":"get_time","arguments":"{}"}},
           {"id":"call_up","type":"function","function":{"name":"get_date","arguments":"{}"}}]},
         "finish_reason":"tool_calls"}]}""");

    List<ToolCall> calls = provider.chat(request(), context()).choices().getFirst().message().toolCalls();

    assertThat(calls.get(0).id()).startsWith("call_").hasSizeGreaterThan(20);
    assertThat(calls.get(1).id()).startsWith("call_").hasSizeGreaterThan(20).isNotEqualTo(calls.get(0).id());
    assertThat(calls.get(2).id()).isEqualTo("call_up");
  }

  @Test
  void parallelStreamedCallsWithoutIdsGetOneIdEachOnTheirFirstFragmentOnly() throws Exception {
    upstream.sse(List.of(
        chunk("{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"\",\"type\":\"function\","
            + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\"}}]}", "null"),
        chunk("{\"tool_calls\":[{\"index\":1,\"type\":\"function\",\"function\":{\"name\":\"get_time\","
            + "\"arguments\":\"{}\"}}]}", "null"),
        chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"\",\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]}", "null"),
        chunk("{}", "\"tool_calls\""),
        "data: [DONE]"));
    ChunkStream stream = provider.stream(request(), context());

    List<ToolCall> fragments = new ArrayList<>();
    List<byte[]> forwarded = new ArrayList<>();
    try (stream) {
      for (ChatChunk c = stream.next(); c != null; c = stream.next()) {
        List<ToolCall> calls = c.choices().getFirst().delta().toolCalls();
        if (calls != null) fragments.addAll(calls);
        forwarded.add(stream.lastChunkJson());
      }
    }

    assertThat(fragments).hasSize(3);
    assertThat(fragments.get(0).id()).startsWith("call_").hasSizeGreaterThan(20);
    assertThat(fragments.get(1).id()).startsWith("call_").isNotEqualTo(fragments.get(0).id());
    assertThat(fragments.get(2).id()).as("a later fragment's blank id would overwrite the first's").isNull();
    assertThat(forwarded.subList(0, 3)).as("renamed chunks are re-encoded, not forwarded as sent").containsOnlyNulls();
    assertThat(forwarded.get(3)).as("a chunk without tool calls is forwarded as sent").isNotNull();
  }

  @Test
  void aStreamedCallWithItsIdIsForwardedAsSent() throws Exception {
    upstream.sse(OpenAiWire.toolStream("call_up", "get_weather", "{\"city\":\"Paris\"}"));
    ChunkStream stream = provider.stream(request(), context());

    ChatChunk first;
    byte[] sent;
    try (stream) {
      first = stream.next();
      sent = stream.lastChunkJson();
      while (stream.next() != null) {
        // drained
      }
    }

    assertThat(first.choices().getFirst().delta().toolCalls().getFirst().id()).isEqualTo("call_up");
    assertThat(sent).isNotNull();
  }

  @Test
  void aStreamRequestAnsweredWithOneJsonBodyNamesItsCallsToo() throws Exception {
    upstream.json(200, OpenAiWire.toolCompletion("", "get_weather", "{}"));

    List<ChatChunk> chunks = OpenAiProviderTest.drain(provider.stream(request(), context()));

    String id = chunks.stream().map(c -> c.choices().isEmpty() ? null : c.choices().getFirst().delta())
        .filter(d -> d != null && d.toolCalls() != null).flatMap(d -> d.toolCalls().stream())
        .map(ToolCall::id).filter(i -> i != null).findFirst().orElse(null);
    assertThat(id).startsWith("call_");
  }
}
