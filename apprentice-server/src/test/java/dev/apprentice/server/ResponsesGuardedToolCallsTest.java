package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Under a redacting input guard a Responses call is guarded as a chat call: the values in its {@code instructions}
 * and in a {@code function_call_output} go upstream as placeholders, and the caller gets them back in the answer's
 * text and in a {@code function_call}'s arguments, whole or streamed (a placeholder split across two deltas too).
 */
class ResponsesGuardedToolCallsTest {

  private static final String OWNER = "boss@example.com";
  private static final String FRIEND = "pal@example.org";

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.onOpenAiUpstream(upstream, """
      gpt:
        targets: [ { provider: up, model: gpt-4o } ]
        retries: 0
        guard: { input: { pii: redact } }
      """);

  private static String chunk(String delta, String finish) {
    return "data: {\"id\":\"s\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":"
        + "[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"")
        + "}]}";
  }

  @Test
  void instructionsAndAToolOutputGoUpAsPlaceholdersAndTheTextAndCallArgumentsComeBackWithTheValues() {
    upstream.json(200, """
        {"id":"c","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,"message":{
          "role":"assistant","content":"Mail <EMAIL_1> and <EMAIL_2>","tool_calls":[{"id":"call_1","type":"function",
          "function":{"name":"send","arguments":"{\\"to\\":\\"<EMAIL_2>\\"}"}}]},"finish_reason":"tool_calls"}],
         "usage":{"prompt_tokens":5,"completion_tokens":5,"total_tokens":10}}""");

    HttpResponse<String> response = gateway.http().post("/v1/responses", null, """
        {"model":"gpt","instructions":"The owner is %s","input":[{"role":"user","content":"Tell my friend"},
          {"type":"function_call","call_id":"c1","name":"lookup","arguments":"{}"},
          {"type":"function_call_output","call_id":"c1","output":"The friend is %s"}]}""".formatted(OWNER, FRIEND));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    String sent = upstream.takeRequest().body();
    assertThat(sent).doesNotContain(OWNER).doesNotContain(FRIEND).contains("<EMAIL_1>").contains("<EMAIL_2>");
    JsonNode output = RawHttp.json(response.body()).path("output");
    assertThat(output.at("/0/content/0/text").asText()).isEqualTo("Mail " + OWNER + " and " + FRIEND);
    assertThat(output.at("/1/type").asText()).isEqualTo("function_call");
    assertThat(output.at("/1/arguments").asText()).isEqualTo("{\"to\":\"" + FRIEND + "\"}");
  }

  @Test
  void aStreamedCallsArgumentsComeBackWithTheValueInTheirDeltasAndTheirDone() {
    upstream.sse(List.of(
        chunk("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":"
            + "\"function\",\"function\":{\"name\":\"send\",\"arguments\":\"\"}}]}", null),
        chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"to\\\":\\\"<EMA\"}}]}", null),
        chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"IL_1>\\\"}\"}}]}", null),
        chunk("{}", "tool_calls"), "data: [DONE]"));

    HttpResponse<String> response = gateway.http().post("/v1/responses", null,
        "{\"model\":\"gpt\",\"stream\":true,\"input\":\"write to " + OWNER + "\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(upstream.takeRequest().body()).doesNotContain(OWNER);
    ResponseEvents events = ResponseEvents.parse(response.body());
    String arguments = "{\"to\":\"" + OWNER + "\"}";
    assertThat(events.deltas("response.function_call_arguments.delta")).isEqualTo(arguments);
    assertThat(events.only("response.function_call_arguments.done").path("arguments").asText()).isEqualTo(arguments);
    assertThat(events.only("response.completed").at("/response/output/0/arguments").asText()).isEqualTo(arguments);
    assertThat(response.body()).doesNotContain("<EMAIL_1>");
  }
}
