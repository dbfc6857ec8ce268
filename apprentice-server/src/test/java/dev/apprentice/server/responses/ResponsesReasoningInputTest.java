package dev.apprentice.server.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.Message;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reasoning items sent back in {@code input}: their thinking goes upstream on the assistant turn they precede. */
class ResponsesReasoningInputTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Object> SIGNED = Map.of("type", "thinking", "thinking", "Check the weather first.",
      "signature", "EqQBCkYIBRgCIkBsig");
  private static final Map<String, Object> REDACTED = Map.of("type", "redacted_thinking", "data", "EmwKAhgBEgy3va");
  private static final Map<String, Object> LATER = Map.of("type", "thinking", "thinking", "Now Rome.",
      "signature", "EqQBCkYIBRgCIkBlater");

  private static ResponsesRequest.Translated translated(String json) throws Exception {
    return ResponsesRequest.read(JSON.readTree(json), JSON);
  }

  private static String encrypted(List<Object> blocks) {
    return EncryptedReasoning.encode(new ResponseReasoning("", blocks));
  }

  private static String base64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theThinkingOfEachReasoningItemGoesOnTheAssistantTurnOfTheCallsAfterItInOrder() throws Exception {
    ChatRequest request = translated("""
        {"model":"m","input":[
          {"role":"user","content":"Weather in Paris and Rome?"},
          {"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"%s"},
          {"type":"function_call","call_id":"c1","name":"weather","arguments":"{}"},
          {"type":"reasoning","id":"rs_2","summary":[],"encrypted_content":"%s"},
          {"type":"function_call","call_id":"c2","name":"weather","arguments":"{}"},
          {"type":"function_call_output","call_id":"c1","output":"21"},
          {"type":"function_call_output","call_id":"c2","output":"25"}]}"""
        .formatted(encrypted(List.of(SIGNED, REDACTED)), encrypted(List.of(LATER)))).request();

    List<Message> messages = request.messages();
    assertThat(messages).extracting(Message::role).containsExactly("user", "assistant", "tool", "tool");
    Message turn = messages.get(1);
    assertThat(turn.toolCalls()).extracting(c -> c.id()).containsExactly("c1", "c2");
    assertThat(turn.extra().get(Message.THINKING_BLOCKS)).isEqualTo(List.of(SIGNED, REDACTED, LATER));
    assertThat(turn.extra()).doesNotContainKey(Message.REASONING_CONTENT);
  }

  @Test
  void thinkingTextWithoutBlocksGoesOnTheAssistantMessageAfterItAsReasoningContent() throws Exception {
    String text = EncryptedReasoning.encode(new ResponseReasoning("Two plus two.", List.of()));

    ChatRequest request = translated("""
        {"model":"m","input":[
          {"role":"user","content":"2+2?"},
          {"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"%s"},
          {"role":"assistant","content":[{"type":"output_text","text":"4"}]},
          {"role":"user","content":"And 3+3?"}]}""".formatted(text)).request();

    assertThat(request.messages().get(1).extra()).containsEntry(Message.REASONING_CONTENT, "Two plus two.")
        .doesNotContainKey(Message.THINKING_BLOCKS);
  }

  @Test
  void aReasoningItemWithoutEncryptedContentOrWithoutAnAssistantItemAfterItIsDropped() throws Exception {
    ChatRequest request = translated("""
        {"model":"m","input":[
          {"role":"user","content":"2+2?"},
          {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"Adding."}],
           "content":[{"type":"reasoning_text","text":"Two plus two."}]},
          {"role":"assistant","content":"4"},
          {"type":"reasoning","id":"rs_2","summary":[],"encrypted_content":"%s"},
          {"role":"user","content":"And 3+3?"},
          {"type":"reasoning","id":"rs_3","summary":[],"encrypted_content":"%s"}]}"""
        .formatted(encrypted(List.of(SIGNED)), encrypted(List.of(LATER)))).request();

    assertThat(request.messages()).extracting(Message::role).containsExactly("user", "assistant", "user");
    assertThat(request.messages()).allSatisfy(m -> assertThat(m.extra()).isEmpty());
  }

  @Test
  void anEncryptedContentNestedDeeperThanAnyJsonTheGatewayReadsIsA400NamingIt() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    String field = base64("{\"v\":1,\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\"x\","
        + "\"signature\":\"s\",\"more\":" + deep + "}]}");

    assertThatThrownBy(() -> translated("""
        {"model":"m","input":[{"role":"user","content":"Hi"},
          {"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"%s"},
          {"role":"assistant","content":"Hello"}]}""".formatted(field)))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.param()).isEqualTo("input[1].encrypted_content"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"not base64 at all!\"", "\"gAAAAABoZ3Fernet-token-from-openai\"", "42",
      "\"W10\"", // [] — not an object
      "\"eyJ2IjoyLCJyZWFzb25pbmdfY29udGVudCI6IngifQ\"", // {"v":2,...}
      "BLOCK_WITHOUT_SIGNATURE", "NO_THINKING"})
  void anEncryptedContentTheGatewayCannotReadBackIsA400NamingIt(String value) {
    String field = value.replace("BLOCK_WITHOUT_SIGNATURE",
            "\"" + base64("{\"v\":1,\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\"x\"}]}") + "\"")
        .replace("NO_THINKING", "\"" + base64("{\"v\":1}") + "\"");

    assertThatThrownBy(() -> translated("""
        {"model":"m","input":[{"role":"user","content":"Hi"},
          {"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":%s},
          {"role":"assistant","content":"Hello"}]}""".formatted(field)))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.param()).isEqualTo("input[1].encrypted_content");
          assertThat(e.getMessage()).startsWith("'input[1].encrypted_content' ").doesNotContain("Exception");
        });
  }

  @Test
  void aChatErrorAboutAThinkingBlockNamesTheReasoningItemItCameFrom() throws Exception {
    ResponsesParams params = translated("""
        {"model":"m","input":[
          {"role":"user","content":"Weather?"},
          {"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"%s"},
          {"type":"reasoning","id":"rs_2","summary":[],"encrypted_content":"%s"},
          {"type":"function_call","call_id":"c1","name":"weather","arguments":"{}"}]}"""
        .formatted(encrypted(List.of(SIGNED)), encrypted(List.of(REDACTED, LATER)))).params();

    assertThat(params.of("messages[1].thinking_blocks[0].thinking", 0)).isEqualTo("input[1].encrypted_content");
    assertThat(params.of("messages[1].thinking_blocks[2]", 0)).isEqualTo("input[2].encrypted_content");
    assertThat(params.of("messages[1].tool_calls[0].id", 0)).isEqualTo("input[3].call_id");
  }
}
