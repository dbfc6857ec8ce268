package dev.apprentice.guard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.Message;
import dev.apprentice.api.ToolCall;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatTextsTest {

  @Test
  void anAnswerWithItsTextsReplacedKeepsTheFieldsOfEachChoiceThatTheGatewayDoesNotRead() {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("content_filter_results", Map.of("hate", Map.of("filtered", false, "severity", "safe")));
    var choice = new ChatResponse.Choice(0, Message.assistant("call 555-0100"), "stop", null, extra);
    var answer = new ChatResponse("r1", "chat.completion", 1L, "up", List.of(choice), null, null, null);

    ChatResponse replaced = ChatTexts.replace(answer, List.of("call [PHONE]"));

    assertThat(replaced.text()).isEqualTo("call [PHONE]");
    assertThat(replaced.choices().getFirst().extra()).isEqualTo(extra);
  }

  @Test
  void aToolCallWithItsArgumentsReplacedKeepsTheFieldsThatTheGatewayDoesNotRead() {
    Map<String, Object> signature = new LinkedHashMap<>();
    signature.put("extra_content", Map.of("google", Map.of("thought_signature", "CiQBcsjafQ==")));
    var call = new ToolCall(null, "call_1", "function", new ToolCall.FunctionCall("dial", "{\"to\":\"555-0100\"}"),
        signature);
    var choice = new ChatResponse.Choice(0, Message.assistant(null, List.of(call)), "tool_calls", null);
    var answer = new ChatResponse("r1", "chat.completion", 1L, "up", List.of(choice), null, null, null);

    ChatResponse replaced = ChatTexts.replace(answer, List.of("{\"to\":\"[PHONE]\"}"));

    ToolCall after = replaced.choices().getFirst().message().toolCalls().getFirst();
    assertThat(after.function().arguments()).isEqualTo("{\"to\":\"[PHONE]\"}");
    assertThat(after.extra()).isEqualTo(signature);
  }
}
