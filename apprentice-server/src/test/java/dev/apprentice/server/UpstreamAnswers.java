package dev.apprentice.server;

/** OpenAI wire answers the fake upstream gives in server tests. */
final class UpstreamAnswers {

  static final String COMPLETION = """
      {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-2024-08-06",
       "choices":[{"index":0,"message":{"role":"assistant","content":"Hello from upstream"},"finish_reason":"stop"}],
       "usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}}""";

  static final String TOOL_COMPLETION = """
      {"id":"chatcmpl-2","object":"chat.completion","created":1700000000,"model":"gpt-4o-2024-08-06",
       "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
         {"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
        "finish_reason":"tool_calls"}],
       "usage":{"prompt_tokens":20,"completion_tokens":8,"total_tokens":28}}""";

  private UpstreamAnswers() {}

  /** A one-choice OpenAI completion saying {@code text} (3 prompt and 3 completion tokens). */
  static String completion(String text) {
    return """
        {"id":"chatcmpl-3","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini",
         "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":3,"completion_tokens":3,"total_tokens":6}}""".formatted(text);
  }
}
