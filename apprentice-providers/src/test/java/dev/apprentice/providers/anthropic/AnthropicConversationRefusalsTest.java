package dev.apprentice.providers.anthropic;

import static dev.apprentice.providers.http.ProviderJson.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.CallContext;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.UnsupportedRequestException;
import dev.apprentice.providers.http.Transport;
import dev.apprentice.testing.FakeUpstream;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Conversations the translation refuses never reach Anthropic: the call fails with the 400 naming the message or
 * part, streamed or not, and the upstream receives nothing.
 */
class AnthropicConversationRefusalsTest {

  private final FakeUpstream fake = new FakeUpstream();
  private final AnthropicProvider provider =
      new AnthropicProvider("claude", fake.rootUrl(), "sk-ant-test", 1024, Transport.create(Duration.ofSeconds(2)));

  @AfterEach
  void stopFake() {
    fake.close();
  }

  @Test
  void aToolMessageAnsweringNoCallIsRefusedBeforeAnythingIsSent() throws Exception {
    var request = request("""
        [{"role":"user","content":"Weather in Paris?"},
         {"role":"assistant","content":null,"tool_calls":[{"id":"toolu_01","type":"function",
           "function":{"name":"get_weather","arguments":"{}"}}]},
         {"role":"tool","tool_call_id":"toolu_01","content":"18°C"},
         {"role":"tool","tool_call_id":"call_elsewhere","content":"24°C"}]""");

    assertRefusedUnsent(request, "messages[3].tool_call_id", false);
  }

  @Test
  void aToolCallLeftUnansweredBeforeTheNextAssistantMessageIsRefusedBeforeAnythingIsSent() throws Exception {
    var request = request("""
        [{"role":"user","content":"Weather in Paris?"},
         {"role":"assistant","content":null,"tool_calls":[{"id":"toolu_01","type":"function",
           "function":{"name":"get_weather","arguments":"{}"}}]},
         {"role":"user","content":"Never mind."},
         {"role":"assistant","content":"Fine."},
         {"role":"user","content":"Thanks."}]""");

    assertRefusedUnsent(request, "messages[1].tool_calls[0].id", false);
  }

  @Test
  void aFileSentByIdIsLeftToAnotherTargetAndNothingIsSent() throws Exception {
    var request = request("""
        [{"role":"user","content":[{"type":"text","text":"Summarise."},
          {"type":"file","file":{"file_id":"file-abc123"}}]}]""");

    assertRefusedUnsent(request, "messages[0].content[1].file.file_id", true);
  }

  private void assertRefusedUnsent(ChatRequest request, String param, boolean anotherTargetMayServe) {
    CallContext context = CallContext.withTimeout("trace-refused", Duration.ofSeconds(10));
    for (boolean stream : new boolean[] {false, true}) {
      assertThatThrownBy(() -> {
        if (stream) provider.stream(request, context).close();
        else provider.chat(request, context);
      }).isInstanceOfSatisfying(GatewayException.class, e -> {
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(e.param()).isEqualTo(param);
        assertThat(e instanceof UnsupportedRequestException).isEqualTo(anotherTargetMayServe);
      });
    }
    assertThat(fake.requestCount()).isZero();
  }

  private static ChatRequest request(String messages) throws Exception {
    return MAPPER.readValue("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,\"messages\":" + messages + "}",
        ChatRequest.class);
  }
}
