package dev.apprentice.server.responses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.gateway.cost.TokenEstimator;
import org.junit.jupiter.api.Test;

/**
 * The prompt estimate that TPM limits and budgets reserve reads a Responses request as the chat request it means:
 * its {@code instructions}, every input item's text, the calls it replays and the tool outputs it sends all count.
 */
class ResponsesTokenEstimateTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TokenEstimator ESTIMATOR = new TokenEstimator();
  private static final String OUTPUT = "the warehouse in Lyon holds 412 parcels awaiting customs clearance ".repeat(20);

  private static int responses(String json) throws Exception {
    return ESTIMATOR.countPrompt(ResponsesRequest.read(JSON.readTree(json), JSON).request(), "gpt-4o");
  }

  @Test
  void instructionsInputItemsCallsAndToolOutputsAllCountAsTheyWouldInTheChatRequest() throws Exception {
    int whole = responses("""
        {"model":"m","instructions":"You are a logistics assistant; answer in one sentence.","input":[
          {"role":"user","content":[{"type":"input_text","text":"How many parcels wait in Lyon?"},
            {"type":"input_image","image_url":"https://example.com/manifest.png"}]},
          {"type":"function_call","call_id":"c1","name":"stock","arguments":"{\\"site\\":\\"Lyon\\"}"},
          {"type":"function_call_output","call_id":"c1","output":[{"type":"input_text","text":"%s"}]}]}"""
        .formatted(OUTPUT));
    ChatRequest chat = JSON.readValue("""
        {"model":"m","messages":[
          {"role":"system","content":"You are a logistics assistant; answer in one sentence."},
          {"role":"user","content":[{"type":"text","text":"How many parcels wait in Lyon?"},
            {"type":"image_url","image_url":{"url":"https://example.com/manifest.png"}}]},
          {"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"stock",
            "arguments":"{\\"site\\":\\"Lyon\\"}"}}]},
          {"role":"tool","tool_call_id":"c1","content":[{"type":"text","text":"%s"}]}]}""".formatted(OUTPUT),
        ChatRequest.class);

    assertThat(whole).isEqualTo(ESTIMATOR.countPrompt(chat, "gpt-4o"));
    int questionAlone = responses("{\"model\":\"m\",\"input\":\"How many parcels wait in Lyon?\"}");
    assertThat(whole - questionAlone).as("instructions, image, call and tool output")
        .isGreaterThan(ESTIMATOR.countText(OUTPUT, "gpt-4o") + TokenEstimator.IMAGE_TOKENS);
  }
}
