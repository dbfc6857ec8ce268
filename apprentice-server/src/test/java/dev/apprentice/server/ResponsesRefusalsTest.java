package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a stateless gateway cannot do for a Responses request is refused up front, 400 naming the field, before any
 * upstream is asked; the server goes on serving.
 */
class ResponsesRefusalsTest {

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        up: { type: openai, base_url: "%s", api_key: sk-upstream }
      models:
        gpt: { targets: [ { provider: up, model: gpt-4o-mini } ], retries: 0 }
      """.formatted(upstream.baseUrl())).closing(upstream);

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      previous_response_id | "input":"Hi","previous_response_id":"resp_123"
      conversation         | "input":"Hi","conversation":"conv_123"
      background           | "input":"Hi","background":true
      model                | "input":"Hi","prompt":{"id":"triage"}
      tools[1].type        | "input":"Hi","tools":[{"type":"function","name":"f"},{"type":"web_search"}]
      tools[0].type        | "input":"Hi","tools":[{"type":"file_search","vector_store_ids":["vs_1"]}]
      tools[0].type        | "input":"Hi","tools":[{"type":"code_interpreter","container":{"type":"auto"}}]
      tools[0].type        | "input":"Hi","tools":[{"type":"computer_use_preview","display_width":1024}]
      tool_choice.type     | "input":"Hi","tool_choice":{"type":"web_search_preview"}
      input[1].encrypted_content | "input":[{"role":"user","content":"Hi"},{"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"gAAAA"}]
      input[0].type        | "input":[{"type":"item_reference","id":"msg_1"}]
      input[0].content[0].file_url | "input":[{"role":"user","content":[{"type":"input_file","file_url":"https://x/a.pdf"}]}]
      input[0].content[0].image_url | "input":[{"role":"user","content":[{"type":"input_image","file_id":"file-1"}]}]
      input                | "input":42
      input                | "instructions":"Be brief."
      input[0].role        | "input":[{"role":"tool","content":"Hi"}]
      input[0].call_id     | "input":[{"type":"function_call_output","output":"42"}]
      max_output_tokens    | "input":"Hi","max_output_tokens":0
      text.format.type     | "input":"Hi","text":{"format":{"type":"yaml"}}
      temperature          | "input":"Hi","temperature":"hot"
      tools[0].name        | "input":"Hi","tools":[{"type":"function","name":" "}]
      messages             | "messages":[{"role":"user","content":"Hi"}]
      max_tokens           | "input":"Hi","max_tokens":10
      response_format      | "input":"Hi","response_format":{"type":"json_object"}
      background           | "input":"Hi","background":"yes"
      store                | "input":"Hi","store":"false"
      include              | "input":"Hi","include":"reasoning.encrypted_content"
      include[1]           | "input":"Hi","include":["reasoning.encrypted_content",7]
      reasoning            | "input":"Hi","reasoning":"high"
      reasoning.effort     | "input":"Hi","reasoning":{"effort":3}
      reasoning.summary    | "input":"Hi","reasoning":{"summary":true}
      text.verbosity       | "input":"Hi","text":{"verbosity":1}
      text.format.strict   | "input":"Hi","text":{"format":{"type":"json_schema","name":"a","schema":{},"strict":"yes"}}
      text.format.description | "input":"Hi","text":{"format":{"type":"json_schema","name":"a","schema":{},"description":5}}
      tools[0].strict      | "input":"Hi","tools":[{"type":"function","name":"f","strict":"true"}]
      truncation           | "input":"Hi","truncation":true
      max_tool_calls       | "input":"Hi","max_tool_calls":"3"
      """)
  void aFieldTheGatewayCannotHonourIsRefusedNamingIt(String param, String fields) {
    HttpResponse<String> response = gateway.http().post("/v1/responses", null, "{\"model\":\"gpt\"," + fields + "}");

    JsonNode error = assertError(response, 400, "invalid_request_error", null, param);
    assertThat(error.path("message").asText()).contains(param.replaceAll("\\[\\d+]\\..*|\\[\\d+]$", ""));
    assertThat(upstream.requestCount()).isZero();
    assertThat(response.headers().firstValue("x-apprentice-trace-id")).isPresent();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"custom, false", "functions, false", "local_shell, false", "web_search, true", "mcp, true"})
  void aToolThatIsNotAFunctionIsCalledBuiltInOnlyWhenOpenAiRunsIt(String type, boolean builtIn) {
    HttpResponse<String> response = gateway.http().post("/v1/responses", null,
        "{\"model\":\"gpt\",\"input\":\"Hi\",\"tools\":[{\"type\":\"" + type + "\",\"name\":\"x\"}]}");

    JsonNode error = assertError(response, 400, "invalid_request_error", null, "tools[0].type");
    assertThat(error.path("message").asText()).isEqualTo("'tools[0].type' " + type + (builtIn
        ? " is a built-in tool that runs inside OpenAI's service; the gateway cannot run it and takes function tools only"
        : " is not supported: the gateway takes function tools only"));
  }

  @Test
  void theStatelessRefusalsSayWhy() {
    HttpResponse<String> response = gateway.http().post("/v1/responses", null,
        "{\"model\":\"gpt\",\"input\":\"Hi\",\"previous_response_id\":\"resp_123\"}");

    assertThat(RawHttp.json(response.body()).at("/error/message").asText())
        .contains("stateless").contains("send the whole conversation in 'input'");
  }

  @Test
  void anInputFileWithItsDataGoesUpstreamAsAChatFilePart() {
    upstream.json(200, UpstreamAnswers.COMPLETION);

    HttpResponse<String> response = gateway.http().post("/v1/responses", null, """
        {"model":"gpt","input":[{"role":"user","content":[{"type":"input_text","text":"Summarise"},
          {"type":"input_file","filename":"a.pdf","file_data":"data:application/pdf;base64,JVBERi0x"}]}]}""");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode part = RawHttp.json(upstream.takeRequest().body()).at("/messages/0/content/1");
    assertThat(part.path("type").asText()).isEqualTo("file");
    assertThat(part.at("/file/filename").asText()).isEqualTo("a.pdf");
    assertThat(part.at("/file/file_data").asText()).isEqualTo("data:application/pdf;base64,JVBERi0x");
  }

  @Test
  void aMalformedBodyIsA400AndTheNextCallIsServed() {
    assertError(gateway.http().post("/v1/responses", null, "{\"model\":"), 400, "invalid_request_error", null, null);
    upstream.json(200, UpstreamAnswers.COMPLETION);

    HttpResponse<String> next = gateway.http().post("/v1/responses", null, "{\"model\":\"gpt\",\"input\":\"Hi\"}");

    assertThat(next.statusCode()).isEqualTo(200);
  }
}
