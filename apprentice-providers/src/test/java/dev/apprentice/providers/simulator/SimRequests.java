package dev.apprentice.providers.simulator;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatRequestBuilder;
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
    return user(model, text).build();
  }

  static ChatRequest seeded(String model, String text, long seed) {
    return user(model, text).seed(seed).build();
  }

  static ChatRequest withMetadata(String model, String text, Map<String, Object> metadata) {
    return user(model, text).metadata(metadata).build();
  }

  static ChatRequest limited(String model, String text, int maxTokens) {
    return user(model, text).maxTokens(maxTokens).build();
  }

  static ChatRequest withTools(String text, Object toolChoice) {
    return user("sim", text).tools(List.of(WEATHER, TIME)).toolChoice(toolChoice).build();
  }

  static ChatRequest streaming(String model, String text, boolean includeUsage) {
    return user(model, text).stream(true).streamOptions(new ChatRequest.StreamOptions(includeUsage)).build();
  }

  /** A request of {@code model} with one user turn, {@code text}. */
  private static ChatRequestBuilder user(String model, String text) {
    return ChatRequest.builder().model(model).messages(List.of(Message.user(text)));
  }
}
