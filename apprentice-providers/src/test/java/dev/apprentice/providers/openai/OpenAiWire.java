package dev.apprentice.providers.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.apprentice.providers.http.ProviderJson;
import java.util.ArrayList;
import java.util.List;

/** OpenAI wire-format answers for a fake upstream to send: completions, stream events and errors. */
final class OpenAiWire {

  static final String USAGE = "{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12}";

  private OpenAiWire() {}

  static String completion(String text) {
    return """
        {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-test-2024",
         "choices":[{"index":0,"message":{"role":"assistant","content":%s},"finish_reason":"stop","logprobs":null}],
         "usage":%s}""".formatted(quote(text), USAGE);
  }

  static String toolCompletion(String id, String name, String arguments) {
    return """
        {"id":"chatcmpl-2","object":"chat.completion","created":1700000000,"model":"gpt-test-2024",
         "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
           {"id":%s,"type":"function","function":{"name":%s,"arguments":%s}}]},"finish_reason":"tool_calls"}],
         "usage":%s}""".formatted(quote(id), quote(name), quote(arguments), USAGE);
  }

  /** A role chunk, one chunk per word, a finish chunk, the usage chunk and [DONE]. */
  static List<String> textStream(String text) {
    List<String> events = new ArrayList<>(textChunks(text));
    events.add(chunk("{}", "\"stop\""));
    events.add(usageChunk(USAGE));
    events.add("data: [DONE]");
    return events;
  }

  /** The role chunk and the content chunks only: no finish reason, no usage, no [DONE]. */
  static List<String> textChunks(String text) {
    List<String> events = new ArrayList<>();
    events.add(chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null"));
    String[] words = text.split(" ");
    for (int i = 0; i < words.length; i++) {
      events.add(chunk("{\"content\":" + quote(i == 0 ? words[i] : " " + words[i]) + "}", "null"));
    }
    return events;
  }

  static List<String> toolStream(String id, String name, String arguments) {
    int half = arguments.length() / 2;
    return List.of(
        chunk("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":" + quote(id)
            + ",\"type\":\"function\",\"function\":{\"name\":" + quote(name) + ",\"arguments\":\"\"}}]}", "null"),
        chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + quote(arguments.substring(0, half))
            + "}}]}", "null"),
        chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + quote(arguments.substring(half))
            + "}}]}", "null"),
        chunk("{}", "\"tool_calls\""),
        usageChunk(USAGE),
        "data: [DONE]");
  }

  static String chunk(String delta, String finishReason) {
    return "data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
        + "\"model\":\"gpt-test-2024\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
        + finishReason + "}]}";
  }

  static String usageChunk(String usage) {
    return "data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
        + "\"model\":\"gpt-test-2024\",\"choices\":[],\"usage\":" + usage + "}";
  }

  static String error(String message, String type) {
    return "{\"error\":{\"message\":" + quote(message) + ",\"type\":" + quote(type) + ",\"param\":null,\"code\":null}}";
  }

  static String quote(String text) {
    try {
      return ProviderJson.MAPPER.writeValueAsString(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
