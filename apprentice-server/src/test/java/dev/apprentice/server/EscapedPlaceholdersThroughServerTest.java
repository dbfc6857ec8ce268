package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * An upstream written in Go (Ollama) encodes tool-call arguments with encoding/json, which writes '<' and '>' as
 * unicode escapes: the placeholders in them are the same placeholders, and the caller gets its values back, streamed
 * or not.
 */
class EscapedPlaceholdersThroughServerTest {

  private static final String ASK = """
      {"model":"smart","stream":%s,"messages":[{"role":"user","content":"Find the orders of jane.doe@example.com"}]}""";
  /** The arguments as the upstream wrote them, inside the JSON string that carries them. */
  private static final String ARGUMENTS = "{\\\"q\\\": \\\"email \\\\u003cEMAIL_1\\\\u003e\\\"}";

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        ollama: { type: openai, base_url: "%s" }
      guard: { input: { pii: redact } }
      models:
        smart: { targets: [ { provider: ollama, model: llama3.1 } ], retries: 0 }
      """.formatted(upstream.baseUrl())).closing(upstream);
  private final RawHttp http = new RawHttp(gateway.server());

  @Test
  void escapedPlaceholdersInAToolCallsArgumentsAreRestored() {
    upstream.json(200, """
        {"id":"c1","object":"chat.completion","created":1,"model":"llama3.1","choices":[{"index":0,
         "message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
         "function":{"name":"find_orders","arguments":"%s"}}]},"finish_reason":"tool_calls"}],
         "usage":{"prompt_tokens":20,"completion_tokens":9,"total_tokens":29}}""".formatted(ARGUMENTS));

    HttpResponse<String> response = http.post("/v1/chat/completions", ASK.formatted(false));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    String arguments = RawHttp.json(response.body()).at("/choices/0/message/tool_calls/0/function/arguments").asText();
    assertThat(RawHttp.json(arguments).path("q").asText()).isEqualTo("email jane.doe@example.com");
    assertThat(upstream.takeRequest().body()).doesNotContain("jane.doe@example.com");
  }

  @Test
  void escapedPlaceholdersSplitAcrossStreamedArgumentFragmentsAreRestored() {
    String start = "{\"id\":\"c2\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"llama3.1\","
        + "\"choices\":[{\"index\":0,\"delta\":";
    upstream.sse(List.of(
        "data: " + start + "{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
            + "\"function\":{\"name\":\"find_orders\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}",
        "data: " + start + fragment("{\\\"q\\\": \\\"email \\\\u00") + ",\"finish_reason\":null}]}",
        "data: " + start + fragment("3cEMA") + ",\"finish_reason\":null}]}",
        "data: " + start + fragment("IL_1\\\\u0") + ",\"finish_reason\":null}]}",
        "data: " + start + fragment("03e\\\"}") + ",\"finish_reason\":null}]}",
        "data: " + start + "{},\"finish_reason\":\"tool_calls\"}]}",
        "data: [DONE]"));

    HttpResponse<String> response = http.post("/v1/chat/completions", ASK.formatted(true));

    assertThat(response.statusCode()).isEqualTo(200);
    StringBuilder arguments = new StringBuilder();
    for (JsonNode chunk : SseEvents.parse(response.body()).chunks()) {
      JsonNode piece = chunk.at("/choices/0/delta/tool_calls/0/function/arguments");
      if (piece.isTextual()) arguments.append(piece.asText());
    }
    assertThat(RawHttp.json(arguments.toString()).path("q").asText()).isEqualTo("email jane.doe@example.com");
  }

  private static String fragment(String arguments) {
    return "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"" + arguments + "\"}}]}";
  }
}
