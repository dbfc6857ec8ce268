package dev.apprentice.providers.openai;

import static dev.apprentice.providers.openai.OpenAiProviderTest.context;
import static dev.apprentice.providers.openai.OpenAiProviderTest.drain;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.providers.http.ProviderJson;
import dev.apprentice.testing.FakeUpstream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fields the gateway does not read, nested inside the ones it does (tool calls, tools, stream options, schemas),
 * reach an OpenAI-type upstream as the client sent them, and the upstream's reach the caller as it sent them.
 */
class OpenAiNestedFieldsTest {

  /** Gemini's OpenAI-compatible API signs a tool call so: Gemini 3 refuses the next turn without it. */
  private static final String SIGNED_CALL = """
      {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Rome\\"}"},
       "extra_content":{"google":{"thought_signature":"CiQBcsjafQ=="}}}""";

  private final FakeUpstream upstream = new FakeUpstream();
  private final OpenAiProvider provider =
      new OpenAiProvider("openai", upstream.baseUrl(), "sk-test", Map.of(), OpenAiProviderContractTest.CLIENT);

  @AfterEach
  void stopUpstream() {
    upstream.close();
  }

  @Test
  void aToolCallsUnknownFieldsInTheHistoryReachTheUpstreamUnchanged() throws Exception {
    upstream.json(200, OpenAiWire.completion("18°C"));
    ChatRequest request = read("""
        {"model":"gemini-3-pro","messages":[{"role":"user","content":"Weather in Rome?"},
         {"role":"assistant","content":null,"tool_calls":[%s]},
         {"role":"tool","tool_call_id":"call_1","content":"18°C"}]}""".formatted(SIGNED_CALL));

    provider.chat(request, context());

    JsonNode sent = ProviderJson.MAPPER.readTree(upstream.takeRequest().body());
    assertThat(sent.at("/messages/1/tool_calls/0")).isEqualTo(ProviderJson.MAPPER.readTree(SIGNED_CALL));
  }

  @Test
  void aToolCallsUnknownFieldsInAnAnswerReachTheCaller() throws Exception {
    upstream.json(200, """
        {"id":"c1","object":"chat.completion","created":1,"model":"gemini-3-pro",
         "choices":[{"index":0,"message":{"role":"assistant","tool_calls":[%s]},"finish_reason":"tool_calls"}]}"""
        .formatted(SIGNED_CALL));

    ChatResponse response = provider.chat(read("""
        {"model":"gemini-3-pro","messages":[{"role":"user","content":"Weather in Rome?"}]}"""), context());

    JsonNode written = ProviderJson.MAPPER.valueToTree(response);
    assertThat(written.at("/choices/0/message/tool_calls/0")).isEqualTo(ProviderJson.MAPPER.readTree(SIGNED_CALL));
  }

  @Test
  void aStreamedToolCallsUnknownFieldsReachTheCaller() throws Exception {
    String delta = SIGNED_CALL.replace("\n", "").replace("{\"id\"", "{\"index\":0,\"id\"");
    upstream.sse(List.of(OpenAiWire.chunk("{\"role\":\"assistant\",\"tool_calls\":[" + delta + "]}", "null"),
        OpenAiWire.chunk("{}", "\"tool_calls\""), "data: [DONE]"));

    List<ChatChunk> chunks = drain(provider.stream(read("""
        {"model":"gemini-3-pro","messages":[{"role":"user","content":"Weather in Rome?"}]}"""), context()));

    JsonNode written = ProviderJson.MAPPER.valueToTree(chunks.getFirst());
    assertThat(written.at("/choices/0/delta/tool_calls/0")).isEqualTo(ProviderJson.MAPPER.readTree(delta));
  }

  @Test
  void anExplicitNullInsideASchemaReachesTheUpstreamWhileUnsetFieldsStayOut() throws Exception {
    upstream.json(200, OpenAiWire.completion("{}"));
    String responseFormat = """
        {"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object",
         "properties":{"unit":{"const":null}}}}}""";
    String tool = """
        {"type":"function","function":{"name":"get_weather",
         "parameters":{"type":"object","properties":{"unit":{"type":["string","null"],"default":null}}}}}""";
    ChatRequest request = read("""
        {"model":"gpt-4o","messages":[{"role":"user","content":"Weather?"}],"response_format":%s,"tools":[%s]}"""
        .formatted(responseFormat, tool));

    provider.chat(request, context());

    JsonNode sent = ProviderJson.MAPPER.readTree(upstream.takeRequest().body());
    assertThat(sent.get("response_format")).isEqualTo(ProviderJson.MAPPER.readTree(responseFormat));
    assertThat(sent.at("/tools/0")).isEqualTo(ProviderJson.MAPPER.readTree(tool));
    assertThat(sent.has("temperature")).as("a field the request does not set").isFalse();
    assertThat(sent.at("/messages/0").has("name")).isFalse();
    assertThat(sent.at("/tools/0/function").has("strict")).isFalse();
  }

  @Test
  void theClientsOtherStreamOptionsAreKeptWhileTheGatewayAsksForUsage() throws Exception {
    upstream.sse(OpenAiWire.textStream("hi"));

    drain(provider.stream(read("""
        {"model":"gpt-4o","stream":true,"stream_options":{"include_obfuscation":false},
         "messages":[{"role":"user","content":"Hi"}]}"""), context()));

    JsonNode sent = ProviderJson.MAPPER.readTree(upstream.takeRequest().body());
    assertThat(sent.get("stream_options"))
        .isEqualTo(ProviderJson.MAPPER.readTree("{\"include_obfuscation\":false,\"include_usage\":true}"));
  }

  @Test
  void aToolsUnknownFieldsReachTheUpstreamUnchanged() throws Exception {
    upstream.json(200, OpenAiWire.completion("ok"));
    String tool = """
        {"type":"function","function":{"name":"get_weather","parameters":{"type":"object"},"x_function":1},
         "cache_control":{"type":"ephemeral"}}""";

    provider.chat(read("""
        {"model":"gpt-4o","messages":[{"role":"user","content":"Weather?"}],"tools":[%s]}""".formatted(tool)),
        context());

    JsonNode sent = ProviderJson.MAPPER.readTree(upstream.takeRequest().body());
    assertThat(sent.at("/tools/0")).isEqualTo(ProviderJson.MAPPER.readTree(tool));
  }

  private static ChatRequest read(String json) throws Exception {
    return ProviderJson.MAPPER.readValue(json, ChatRequest.class);
  }
}
