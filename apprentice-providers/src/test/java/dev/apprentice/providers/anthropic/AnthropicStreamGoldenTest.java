package dev.apprentice.providers.anthropic;

import dev.apprentice.providers.http.Transport;
import static dev.apprentice.providers.http.ProviderJson.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.CallContext;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.Message;
import dev.apprentice.api.ProviderException;
import dev.apprentice.providers.http.Upstream;
import dev.apprentice.testing.FakeUpstream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each {@code streams/<case>.sse} answered upstream must reach the caller as the chunks of {@code <case>.chunks.jsonl},
 * one per line; a last line {@code {"error":{"kind":..,"message":..}}} is the failure the stream must end with
 * (without {@code message}, only the kind is compared).
 */
class AnthropicStreamGoldenTest {

  private static final GoldenFiles GOLDEN = new GoldenFiles("streams");

  private final FakeUpstream fake = new FakeUpstream();
  private final AnthropicProvider provider =
      new AnthropicProvider("anthropic", fake.rootUrl(), "sk-ant-golden", 1024, Transport.create(Duration.ofSeconds(2)));

  @AfterEach
  void stopFake() {
    fake.close();
  }

  static List<String> cases() {
    return GOLDEN.cases(".sse");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theAnthropicEventsReachTheCallerAsTheGoldenChunks(String name) throws Exception {
    fake.sse(GOLDEN.events(name, ".sse"));
    var request = ChatRequest.builder().model("claude-sonnet-4-5").messages(List.of(Message.user("hi"))).stream(true)
        .build();
    List<JsonNode> expected = GOLDEN.jsonLines(name, ".chunks.jsonl");

    List<ChatChunk> chunks = new ArrayList<>();
    ArrayNode actual = MAPPER.createArrayNode();
    try (ChunkStream stream = provider.stream(request, CallContext.withTimeout("trace-golden", Duration.ofSeconds(10)))) {
      for (ChatChunk chunk = stream.next(); chunk != null; chunk = stream.next()) {
        chunks.add(chunk);
        actual.add(GoldenFiles.withoutCreated(chunk));
      }
    } catch (ProviderException e) {
      ObjectNode error = actual.addObject().putObject("error");
      error.put("kind", e.kind().name());
      if (expected.getLast().path("error").has("message")) error.put("message", e.getMessage());
    }

    GoldenFiles.assertSameJson(name, actual, MAPPER.valueToTree(expected));
    assertThat(chunks).extracting(ChatChunk::created).as("every chunk has the same created").containsOnly(
        chunks.getFirst().created());
  }
}
