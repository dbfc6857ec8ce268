package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertNoStackTrace;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/responses}, not streamed: a Responses request reaches the upstream as the chat call it means, and
 * the chat answer comes back as a Response object, with the gateway's headers and a trace like a chat call's.
 */
class ResponsesApiTest {

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        up: { type: openai, base_url: "%s", api_key: sk-upstream }
      models:
        gpt:
          targets: [ { provider: up, model: gpt-4o-2024-08-06 } ]
          retries: 0
      """.formatted(upstream.baseUrl())).closing(upstream);

  private HttpResponse<String> respond(String json) {
    return gateway.http().post("/v1/responses", null, json);
  }

  private JsonNode sentUpstream() {
    return RawHttp.json(upstream.takeRequest().body());
  }

  @Test
  void aStringInputIsAnsweredAsAResponseObject() {
    upstream.json(200, """
        {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-2024-08-06",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Hello from upstream"},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12,
          "prompt_tokens_details":{"cached_tokens":4},"completion_tokens_details":{"reasoning_tokens":1}}}""");

    HttpResponse<String> response = respond("{\"model\":\"gpt\",\"input\":\"Hi\",\"temperature\":0.3}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertNoStackTrace(response.body());
    String traceId = response.headers().firstValue("x-apprentice-trace-id").orElseThrow();
    assertThat(response.headers().firstValue("x-apprentice-served-by")).hasValue("up/gpt-4o-2024-08-06");
    assertThat(response.headers().firstValue("x-apprentice-attempts")).hasValue("1");
    assertThat(response.headers().firstValue("x-apprentice-cache")).hasValue("miss");
    JsonNode body = RawHttp.json(response.body());
    assertThat(body.path("id").asText()).isEqualTo("resp_" + traceId.substring(3));
    assertThat(body.path("object").asText()).isEqualTo("response");
    assertThat(body.path("created_at").asLong()).isPositive();
    assertThat(body.path("status").asText()).isEqualTo("completed");
    assertThat(body.path("error").isNull()).isTrue();
    assertThat(body.path("incomplete_details").isNull()).isTrue();
    assertThat(body.path("store").asBoolean(true)).isFalse();
    assertThat(body.path("temperature").asDouble()).isEqualTo(0.3);
    assertThat(body.path("output")).hasSize(1);
    JsonNode message = body.path("output").path(0);
    assertThat(message.path("type").asText()).isEqualTo("message");
    assertThat(message.path("id").asText()).startsWith("msg_");
    assertThat(message.path("role").asText()).isEqualTo("assistant");
    assertThat(message.path("status").asText()).isEqualTo("completed");
    assertThat(message.at("/content/0/type").asText()).isEqualTo("output_text");
    assertThat(message.at("/content/0/text").asText()).isEqualTo("Hello from upstream");
    assertThat(message.at("/content/0/annotations").isArray()).isTrue();
    JsonNode usage = body.path("usage");
    assertThat(usage.path("input_tokens").asInt()).isEqualTo(9);
    assertThat(usage.path("output_tokens").asInt()).isEqualTo(3);
    assertThat(usage.path("total_tokens").asInt()).isEqualTo(12);
    assertThat(usage.at("/input_tokens_details/cached_tokens").asInt()).isEqualTo(4);
    assertThat(usage.at("/output_tokens_details/reasoning_tokens").asInt()).isEqualTo(1);

    JsonNode sent = sentUpstream();
    assertThat(upstream.requestCount()).isEqualTo(1);
    assertThat(sent.path("model").asText()).isEqualTo("gpt-4o-2024-08-06");
    assertThat(sent.at("/messages/0/role").asText()).isEqualTo("user");
    assertThat(sent.at("/messages/0/content").asText()).isEqualTo("Hi");
    assertThat(sent.path("temperature").asDouble()).isEqualTo(0.3);
    assertThat(sent.has("input")).isFalse();
  }

  @Test
  void aMultiTurnInputWithInstructionsReachesTheUpstreamAsTheChatMessagesItMeans() {
    upstream.json(200, UpstreamAnswers.COMPLETION);

    HttpResponse<String> response = respond("""
        {"model":"gpt","instructions":"Answer briefly.","max_output_tokens":50,"top_p":0.9,"user":"u-1",
         "metadata":{"team":"search"},"store":true,"seed":7,"include":["message.output_text.logprobs"],
         "top_k":40,"reasoning":{"effort":"low"},
         "input":[
           {"role":"developer","content":"Use metric units."},
           {"type":"message","role":"user","content":[{"type":"input_text","text":"What is this?"},
             {"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}]},
           {"type":"message","role":"assistant","content":[{"type":"output_text","text":"A chart.","annotations":[]}]},
           {"role":"user","content":"How tall?"}]}""");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = RawHttp.json(response.body());
    assertThat(body.path("instructions").asText()).isEqualTo("Answer briefly.");
    assertThat(body.path("max_output_tokens").asInt()).isEqualTo(50);
    assertThat(body.path("store").asBoolean(true)).isFalse();
    assertThat(body.at("/reasoning/effort").asText()).isEqualTo("low");
    assertThat(body.at("/metadata/team").asText()).isEqualTo("search");
    JsonNode sent = sentUpstream();
    JsonNode messages = sent.path("messages");
    assertThat(messages).hasSize(5);
    assertThat(messages.at("/0/role").asText()).isEqualTo("system");
    assertThat(messages.at("/0/content").asText()).isEqualTo("Answer briefly.");
    assertThat(messages.at("/1/role").asText()).isEqualTo("developer");
    assertThat(messages.at("/2/role").asText()).isEqualTo("user");
    assertThat(messages.at("/2/content/0/type").asText()).isEqualTo("text");
    assertThat(messages.at("/2/content/0/text").asText()).isEqualTo("What is this?");
    assertThat(messages.at("/2/content/1/type").asText()).isEqualTo("image_url");
    assertThat(messages.at("/2/content/1/image_url/url").asText()).isEqualTo("data:image/png;base64,iVBORw0KGgo=");
    assertThat(messages.at("/2/content/1/image_url/detail").asText()).isEqualTo("low");
    assertThat(messages.at("/3/role").asText()).isEqualTo("assistant");
    assertThat(messages.at("/3/content").asText()).isEqualTo("A chart.");
    assertThat(messages.at("/4/content").asText()).isEqualTo("How tall?");
    assertThat(sent.path("max_tokens").asInt()).isEqualTo(50);
    assertThat(sent.path("top_p").asDouble()).isEqualTo(0.9);
    assertThat(sent.path("user").asText()).isEqualTo("u-1");
    assertThat(sent.at("/metadata/team").asText()).isEqualTo("search");
    assertThat(sent.path("seed").asLong()).isEqualTo(7);
    assertThat(sent.path("top_k").asInt()).isEqualTo(40);
    assertThat(sent.path("reasoning_effort").asText()).isEqualTo("low");
    assertThat(sent.has("reasoning")).isFalse();
    assertThat(sent.has("store")).isFalse();
    assertThat(sent.has("include")).isFalse();
    assertThat(sent.has("instructions")).isFalse();
  }

  @Test
  void aFunctionToolRoundTripGoesOutAsAFunctionCallAndComesBackAsAToolMessage() {
    upstream.json(200, UpstreamAnswers.TOOL_COMPLETION);
    String tools = """
        "tools":[{"type":"function","name":"get_weather","description":"Weather of a city","strict":true,
          "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]""";

    JsonNode first = RawHttp.json(respond("""
        {"model":"gpt","input":"Weather in Paris?",%s,"tool_choice":{"type":"function","name":"get_weather"},
         "parallel_tool_calls":false}""".formatted(tools)).body());

    assertThat(first.path("status").asText()).isEqualTo("completed");
    assertThat(first.path("output")).hasSize(1);
    JsonNode call = first.path("output").path(0);
    assertThat(call.path("type").asText()).isEqualTo("function_call");
    assertThat(call.path("id").asText()).startsWith("fc_");
    assertThat(call.path("call_id").asText()).isEqualTo("call_abc");
    assertThat(call.path("name").asText()).isEqualTo("get_weather");
    assertThat(call.path("arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
    JsonNode asked = sentUpstream();
    assertThat(asked.at("/tools/0/type").asText()).isEqualTo("function");
    assertThat(asked.at("/tools/0/function/name").asText()).isEqualTo("get_weather");
    assertThat(asked.at("/tools/0/function/description").asText()).isEqualTo("Weather of a city");
    assertThat(asked.at("/tools/0/function/strict").asBoolean()).isTrue();
    assertThat(asked.at("/tools/0/function/parameters/required/0").asText()).isEqualTo("city");
    assertThat(asked.at("/tool_choice/type").asText()).isEqualTo("function");
    assertThat(asked.at("/tool_choice/function/name").asText()).isEqualTo("get_weather");
    assertThat(asked.path("parallel_tool_calls").asBoolean(true)).isFalse();

    upstream.json(200, UpstreamAnswers.completion("Sunny, 21 degrees"));
    JsonNode second = RawHttp.json(respond("""
        {"model":"gpt",%s,"input":[{"role":"user","content":"Weather in Paris?"},
          {"type":"function_call","id":"%s","call_id":"call_abc","name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"},
          {"type":"function_call_output","call_id":"call_abc","output":"{\\"temp\\":21}"}]}"""
        .formatted(tools, call.path("id").asText())).body());

    assertThat(second.at("/output/0/content/0/text").asText()).isEqualTo("Sunny, 21 degrees");
    JsonNode messages = sentUpstream().path("messages");
    assertThat(messages).hasSize(3);
    assertThat(messages.at("/1/role").asText()).isEqualTo("assistant");
    assertThat(messages.at("/1/tool_calls/0/id").asText()).isEqualTo("call_abc");
    assertThat(messages.at("/1/tool_calls/0/type").asText()).isEqualTo("function");
    assertThat(messages.at("/1/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
    assertThat(messages.at("/1/tool_calls/0/function/arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(messages.at("/2/role").asText()).isEqualTo("tool");
    assertThat(messages.at("/2/tool_call_id").asText()).isEqualTo("call_abc");
    assertThat(messages.at("/2/content").asText()).isEqualTo("{\"temp\":21}");
  }

  @Test
  void aToolCallAnsweredWithoutAnIdGetsACallIdTheClientCanAnswer() {
    upstream.json(200, """
        {"id":"chatcmpl-2","object":"chat.completion","created":1700000000,"model":"local",
         "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
           {"type":"function","function":{"name":"get_weather","arguments":"{}"}},
           {"id":"","type":"function","function":{"name":"get_time","arguments":"{}"}}]},"finish_reason":"tool_calls"}]}""");

    HttpResponse<String> response = respond("{\"model\":\"gpt\",\"input\":\"Weather?\",\"tools\":["
        + "{\"type\":\"function\",\"name\":\"get_weather\"},{\"type\":\"function\",\"name\":\"get_time\"}]}");
    JsonNode output = RawHttp.json(response.body()).path("output");

    assertThat(output).hasSize(2);
    String first = output.at("/0/call_id").asText();
    String second = output.at("/1/call_id").asText();
    assertThat(first).startsWith("call_").hasSizeGreaterThan(5);
    assertThat(second).startsWith("call_").hasSizeGreaterThan(5).isNotEqualTo(first);
    JsonNode trace = gateway.admin().trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(trace.at("/response/choices/0/message/tool_calls/0/id").asText()).isEqualTo(first);
    assertThat(trace.at("/response/choices/0/message/tool_calls/1/id").asText()).isEqualTo(second);
  }

  @Test
  void aJsonSchemaTextFormatReachesTheUpstreamAsResponseFormat() {
    upstream.json(200, UpstreamAnswers.completion("{\\\"city\\\":\\\"Paris\\\"}"));

    HttpResponse<String> response = respond("""
        {"model":"gpt","input":"Which city?","text":{"format":{"type":"json_schema","name":"city","strict":true,
          "schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],
                    "additionalProperties":false}}}}""");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = RawHttp.json(response.body());
    assertThat(body.at("/text/format/type").asText()).isEqualTo("json_schema");
    assertThat(body.at("/output/0/content/0/text").asText()).isEqualTo("{\"city\":\"Paris\"}");
    JsonNode format = sentUpstream().path("response_format");
    assertThat(format.path("type").asText()).isEqualTo("json_schema");
    assertThat(format.at("/json_schema/name").asText()).isEqualTo("city");
    assertThat(format.at("/json_schema/strict").asBoolean()).isTrue();
    assertThat(format.at("/json_schema/schema/required/0").asText()).isEqualTo("city");
    assertThat(format.at("/json_schema/schema/additionalProperties").asBoolean(true)).isFalse();
  }

  @Test
  void anAnswerCutAtTheOutputLimitIsIncompleteForMaxOutputTokens() {
    upstream.json(200, """
        {"id":"chatcmpl-4","object":"chat.completion","created":1700000000,"model":"gpt-4o-2024-08-06",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Once upon a"},"finish_reason":"length"}],
         "usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}""");

    JsonNode body = RawHttp.json(respond("{\"model\":\"gpt\",\"input\":\"Tell a story\",\"max_output_tokens\":3}").body());

    assertThat(body.path("status").asText()).isEqualTo("incomplete");
    assertThat(body.at("/incomplete_details/reason").asText()).isEqualTo("max_output_tokens");
    assertThat(body.at("/output/0/status").asText()).isEqualTo("incomplete");
    assertThat(body.at("/output/0/content/0/text").asText()).isEqualTo("Once upon a");
  }

  @Test
  void theTraceOfAResponsesCallIsRecordedLikeAChatCall() {
    upstream.json(200, UpstreamAnswers.COMPLETION);

    HttpResponse<String> response = respond("{\"model\":\"gpt\",\"instructions\":\"Be kind.\",\"input\":\"Hi\"}");

    JsonNode trace = gateway.admin().trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(trace.path("status").asInt()).isEqualTo(200);
    assertThat(trace.path("model").asText()).isEqualTo("gpt");
    assertThat(trace.path("input_tokens").asInt()).isEqualTo(9);
    assertThat(trace.path("output_tokens").asInt()).isEqualTo(3);
    assertThat(trace.at("/request/messages/0/content").asText()).isEqualTo("Be kind.");
    assertThat(trace.at("/request/messages/1/content").asText()).isEqualTo("Hi");
    assertThat(trace.at("/response/choices/0/message/content").asText()).isEqualTo("Hello from upstream");
  }

  @Test
  void aStoredResponseCannotBeFetchedSinceTheGatewayKeepsNone() {
    HttpResponse<String> response = gateway.http().get("/v1/responses/resp_0123", null);

    assertThat(response.statusCode()).isEqualTo(404);
    JsonNode error = RawHttp.json(response.body()).path("error");
    assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.path("code").asText()).isEqualTo("not_found");
    assertThat(error.path("message").asText()).contains("stateless");
  }

  @Test
  void openAisInputTokenCountIsNotCalledARetrievalOfAStoredResponse() {
    HttpResponse<String> response = gateway.http().post("/v1/responses/input_tokens", null,
        "{\"model\":\"gpt\",\"input\":\"Hi\"}");

    JsonNode error = ErrorAsserts.assertError(response, 404, "invalid_request_error", "not_found", null);
    assertThat(error.path("message").asText()).isEqualTo("POST /v1/responses/input_tokens (OpenAI's count of a "
        + "request's input tokens) is not an endpoint of the gateway");
    assertThat(upstream.requestCount()).isZero();
  }
}
