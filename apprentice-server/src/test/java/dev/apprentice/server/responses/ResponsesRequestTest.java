package dev.apprentice.server.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.Message;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponsesRequestTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ChatRequest translate(String json) throws Exception {
    return ResponsesRequest.read(JSON.readTree(json), JSON).request();
  }

  @Test
  void anAnsweredTurnWithTextAndParallelCallsBecomesOneAssistantMessageAndOneToolMessagePerCall() throws Exception {
    ChatRequest request = translate("""
        {"model":"m","input":[
          {"role":"user","content":"Weather in Paris and Rome?"},
          {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Checking both."}]},
          {"type":"function_call","call_id":"c1","name":"weather","arguments":"{\\"city\\":\\"Paris\\"}"},
          {"type":"function_call","call_id":"c2","name":"weather","arguments":"{\\"city\\":\\"Rome\\"}"},
          {"type":"function_call_output","call_id":"c1","output":"21"},
          {"type":"function_call_output","call_id":"c2","output":[{"type":"input_text","text":"25"}]}]}""");

    List<Message> messages = request.messages();
    assertThat(messages).extracting(Message::role).containsExactly("user", "assistant", "tool", "tool");
    Message assistant = messages.get(1);
    assertThat(assistant.text()).isEqualTo("Checking both.");
    assertThat(assistant.toolCalls()).extracting(c -> c.id() + ":" + c.function().arguments())
        .containsExactly("c1:{\"city\":\"Paris\"}", "c2:{\"city\":\"Rome\"}");
    assertThat(messages.get(2).toolCallId()).isEqualTo("c1");
    assertThat(messages.get(3).toolCallId()).isEqualTo("c2");
    assertThat(messages.get(3).text()).isEqualTo("25");
  }

  @Test
  void textAfterATurnsCallsIsJoinedOntoThatTurnSoTheToolAnswersFollowTheMessageThatMadeTheCalls() throws Exception {
    ChatRequest request = translate("""
        {"model":"m","input":[
          {"role":"user","content":"Weather in Paris?"},
          {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Checking. "}]},
          {"type":"function_call","call_id":"c1","name":"weather","arguments":"{}"},
          {"type":"message","role":"assistant","content":[{"type":"output_text","text":"One moment."}]},
          {"type":"function_call_output","call_id":"c1","output":"21"}]}""");

    List<Message> messages = request.messages();
    assertThat(messages).extracting(Message::role).containsExactly("user", "assistant", "tool");
    assertThat(messages.get(1).text()).isEqualTo("Checking. One moment.");
    assertThat(messages.get(1).toolCalls()).extracting(c -> c.id()).containsExactly("c1");
  }

  @Test
  void anAnswerAfterTheToolAnswersIsATurnOfItsOwnNotJoinedOntoTheTurnThatMadeTheCalls() throws Exception {
    ChatRequest request = translate("""
        {"model":"m","input":[
          {"role":"user","content":"Weather in Paris?"},
          {"type":"function_call","call_id":"c1","name":"weather","arguments":"{}"},
          {"type":"function_call_output","call_id":"c1","output":"21"},
          {"type":"message","role":"assistant","content":[{"type":"output_text","text":"It is 21."}]},
          {"type":"message","role":"assistant","content":"Anything else?"}]}""");

    List<Message> messages = request.messages();
    assertThat(messages).extracting(Message::role)
        .containsExactly("user", "assistant", "tool", "assistant", "assistant");
    assertThat(messages.get(1).text()).as("the turn that made the call keeps no text").isEmpty();
    assertThat(messages.get(3).text()).isEqualTo("It is 21.");
    assertThat(messages.get(3).toolCalls()).isNull();
    assertThat(messages.get(4).text()).as("nor is text joined onto a turn without calls").isEqualTo("Anything else?");
  }

  @Test
  void aCallAfterAToolAnswerOpensANewAssistantMessage() throws Exception {
    ChatRequest request = translate("""
        {"model":"m","input":[
          {"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},
          {"type":"function_call_output","call_id":"c1","output":"1"},
          {"type":"function_call","call_id":"c2","name":"f"}]}""");

    assertThat(request.messages()).extracting(Message::role).containsExactly("assistant", "tool", "assistant");
    assertThat(request.messages().get(2).toolCalls().getFirst().function().arguments()).isEqualTo("{}");
  }

  @Test
  void textFormatJsonObjectAndAModeToolChoiceGoAsTheyAre() throws Exception {
    ChatRequest request = translate("""
        {"model":"m","input":"x","text":{"format":{"type":"json_object"}},"tool_choice":"required"}""");

    assertThat(request.responseFormat()).containsEntry("type", "json_object");
    assertThat(request.toolChoice()).isEqualTo("required");
  }

  @Test
  void aFunctionsStrictIsPassedOnAsGivenAndAnOmittedOneStaysOmittedRatherThanTrue() throws Exception {
    ChatRequest request = translate("""
        {"model":"m","input":"x","tools":[
          {"type":"function","name":"plain","parameters":{"type":"object"}},
          {"type":"function","name":"strict","parameters":{"type":"object"},"strict":true},
          {"type":"function","name":"loose","parameters":{"type":"object"},"strict":false}]}""");

    assertThat(request.tools()).extracting(tool -> tool.function().strict()).containsExactly(null, true, false);
  }

  @Test
  void storeTrueIsAcceptedAndNotPassedOn() throws Exception {
    ChatRequest request = translate("{\"model\":\"m\",\"input\":\"x\",\"store\":true,\"truncation\":\"disabled\"}");

    assertThat(request.extra()).doesNotContainKeys("store", "truncation");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "[{\"model\":\"m\",\"input\":\"x\"}]", "42", "\"Hi\"", "null"})
  void aBodyThatIsNotAnObjectIsRefusedAsSuchNotAsOneWithoutInput(String body) {
    assertThatThrownBy(() -> translate(body)).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.param()).isNull();
      assertThat(e.getMessage()).isEqualTo("the request body must be a JSON object");
    });
  }

  @Test
  void anImageUrlInChatsObjectFormIsRefusedAsNotAStringRatherThanAsMissing() {
    assertThatThrownBy(() -> translate("""
        {"model":"m","input":[{"role":"user","content":[
          {"type":"input_image","image_url":{"url":"https://x/a.png"}}]}]}"""))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.param()).isEqualTo("input[0].content[0].image_url");
          assertThat(e.getMessage()).isEqualTo("'input[0].content[0].image_url' must be a string, the image's URL or a "
              + "data URL; got an object");
        });
  }

  @Test
  void aFunctionCallWithoutItsCallIdIsRefusedNamingTheField() {
    assertThatThrownBy(() -> translate("{\"model\":\"m\",\"input\":[{\"type\":\"function_call\",\"name\":\"f\"}]}"))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.param()).isEqualTo("input[0].call_id"));
  }
}
