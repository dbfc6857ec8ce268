package dev.apprentice.guard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.Message;
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
}
