package dev.apprentice.providers.simulator;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Message;
import dev.apprentice.api.Tool;
import java.util.List;
import java.util.Map;

/** Requests for simulator tests, built field by field. */
final class SimRequests {

  static final Tool WEATHER = new Tool("function", new Tool.Function("get_weather", "Weather for a city",
      Map.of("type", "object"), null));
  static final Tool TIME = new Tool("function", new Tool.Function("get_time", "Time in a city", null, null));

  private SimRequests() {}

  static ChatRequest ask(String model, String text) {
    return of(model, List.of(Message.user(text)), null, null, null, null, null, null, false);
  }

  static ChatRequest seeded(String model, String text, long seed) {
    return of(model, List.of(Message.user(text)), null, seed, null, null, null, null, false);
  }

  static ChatRequest withMetadata(String model, String text, Map<String, Object> metadata) {
    return of(model, List.of(Message.user(text)), null, null, null, null, metadata, null, false);
  }

  static ChatRequest limited(String model, String text, int maxTokens) {
    return of(model, List.of(Message.user(text)), maxTokens, null, null, null, null, null, false);
  }

  static ChatRequest withTools(String text, Object toolChoice) {
    return of("sim", List.of(Message.user(text)), null, null, List.of(WEATHER, TIME), toolChoice, null, null, false);
  }

  static ChatRequest streaming(String model, String text, boolean includeUsage) {
    return of(model, List.of(Message.user(text)), null, null, null, null, null,
        new ChatRequest.StreamOptions(includeUsage), true);
  }

  static ChatRequest of(String model, List<Message> messages, Integer maxTokens, Long seed, List<Tool> tools,
      Object toolChoice, Map<String, Object> metadata, ChatRequest.StreamOptions streamOptions, boolean stream) {
    return new ChatRequest(model, messages, stream ? Boolean.TRUE : null, streamOptions, null, null, maxTokens, null,
        null, seed, null, tools, toolChoice, null, null, null, metadata, null);
  }
}
