package dev.apprentice.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.Message;
import dev.apprentice.api.ToolCall;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tool calls any provider hands over without an id, or with a blank one, get a {@code call_…} of the gateway's as the
 * provider step takes them, so that chat completions, the Responses API, the trace and the cache all hold the id the
 * client answers the call by.
 */
class ToolCallIdsTest {

  @Test
  void callsAnsweredWithoutAnIdOrWithABlankOneGetDistinctIdsAndANamedCallKeepsItsOwn() {
    Message message = new Message("assistant", null, null, List.of(ToolCall.function(null, "get_weather", "{}"),
        ToolCall.function(" ", "get_time", "{}"), ToolCall.function("call_up", "get_date", "{}")), null, null, null);
    ChatResponse response = new ChatResponse("c1", "chat.completion", 1L, "m",
        List.of(new ChatResponse.Choice(0, message, "tool_calls", null, null)), null, null, null);

    List<ToolCall> calls = ToolCallIds.named(response).choices().getFirst().message().toolCalls();

    assertThat(calls.get(0).id()).startsWith("call_").hasSizeGreaterThan(20);
    assertThat(calls.get(1).id()).startsWith("call_").hasSizeGreaterThan(20).isNotEqualTo(calls.get(0).id());
    assertThat(calls.get(2).id()).isEqualTo("call_up");
  }

  @Test
  void anAnswerWhoseCallsAllHaveIdsIsHandedOnAsItIs() {
    Message message = new Message("assistant", null, null, List.of(ToolCall.function("call_up", "get_date", "{}")),
        null, null, null);
    ChatResponse response = new ChatResponse("c1", "chat.completion", 1L, "m",
        List.of(new ChatResponse.Choice(0, message, "tool_calls", null, null)), null, null, null);

    assertThat(ToolCallIds.named(response)).isSameAs(response);
  }

  @Test
  void parallelStreamedCallsWithoutIdsGetOneIdEachOnTheirFirstFragmentOnlyAndRenamedChunksAreNotForwardedAsSent()
      throws Exception {
    ChunkStream stream = new NamedCallsStream(new ListedStream(List.of(
        fragments(new ToolCall(0, "", "function", new ToolCall.FunctionCall("get_weather", "{\"city\":"))),
        fragments(new ToolCall(1, null, "function", new ToolCall.FunctionCall("get_time", "{}"))),
        fragments(new ToolCall(0, "", null, new ToolCall.FunctionCall(null, "\"Paris\"}"))),
        fragments(new ToolCall(1, "call_given_later", null, new ToolCall.FunctionCall(null, ""))),
        new ChatChunk("c1", ChatChunk.OBJECT, 1L, "m",
            List.of(new ChatChunk.Choice(0, ChatChunk.Delta.text(null), "tool_calls", null)), null, null, null))));

    List<ToolCall> seen = new ArrayList<>();
    List<byte[]> forwarded = new ArrayList<>();
    try (stream) {
      for (ChatChunk c = stream.next(); c != null; c = stream.next()) {
        List<ToolCall> calls = c.choices().getFirst().delta().toolCalls();
        if (calls != null) seen.addAll(calls);
        forwarded.add(stream.lastChunkJson());
      }
    }

    assertThat(seen).hasSize(4);
    assertThat(seen.get(0).id()).startsWith("call_").hasSizeGreaterThan(20);
    assertThat(seen.get(1).id()).startsWith("call_").isNotEqualTo(seen.get(0).id());
    assertThat(seen.get(2).id()).as("a later fragment's blank id would overwrite the first's").isNull();
    assertThat(seen.get(3).id()).as("an upstream's own id is kept").isEqualTo("call_given_later");
    assertThat(forwarded.subList(0, 3)).as("renamed chunks are re-encoded, not forwarded as sent").containsOnlyNulls();
    assertThat(forwarded.subList(3, 5)).as("chunks left as they were are forwarded as sent").doesNotContainNull();
  }

  private static ChatChunk fragments(ToolCall... calls) {
    return new ChatChunk("c1", ChatChunk.OBJECT, 1L, "m",
        List.of(new ChatChunk.Choice(0, new ChatChunk.Delta(null, null, List.of(calls), null, null), null, null)),
        null, null, null);
  }

  /** A provider's stream of these chunks, each with JSON of its own that may be forwarded as sent. */
  private static final class ListedStream implements ChunkStream {

    private final Iterator<ChatChunk> chunks;
    private int read;

    ListedStream(List<ChatChunk> chunks) {
      this.chunks = chunks.iterator();
    }

    @Override
    public ChatChunk next() {
      if (!chunks.hasNext()) return null;
      read++;
      return chunks.next();
    }

    @Override
    public byte[] lastChunkJson() {
      return ("{\"chunk\":" + read + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
      // nothing held
    }
  }
}
