package dev.apprentice.providers.anthropic;

import dev.apprentice.providers.http.Transport;
import dev.apprentice.api.CallContext;
import dev.apprentice.api.ChatProvider;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ProviderException;
import dev.apprentice.providers.http.Upstream;
import dev.apprentice.testing.ChatProviderContract;
import dev.apprentice.testing.FakeUpstream;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;

/**
 * The shared provider contract, run against {@link AnthropicProvider} and a fake upstream speaking Anthropic's wire
 * format. A scripted answer is enqueued when the call is made, as a JSON message or as events depending on whether
 * the call streams; the provider under test is otherwise called unchanged.
 */
class AnthropicProviderContractTest extends ChatProviderContract {

  private final FakeUpstream fake = new FakeUpstream();
  private final AnthropicProvider anthropic =
      new AnthropicProvider("anthropic", fake.rootUrl(), "test-key", 1024, Transport.create(Duration.ofSeconds(2)));
  /** Enqueues the scripted answer; told whether the call streams. */
  private Consumer<Boolean> script = streaming -> { };

  @AfterEach
  void stopFake() {
    fake.close();
  }

  @Override
  protected ChatProvider provider() {
    return new ChatProvider() {
      @Override
      public String name() {
        return anthropic.name();
      }

      @Override
      public String type() {
        return anthropic.type();
      }

      @Override
      public ChatResponse chat(ChatRequest request, CallContext context) throws ProviderException {
        script.accept(false);
        return anthropic.chat(request, context);
      }

      @Override
      public ChunkStream stream(ChatRequest request, CallContext context) throws ProviderException {
        script.accept(true);
        return anthropic.stream(request, context);
      }

      @Override
      public Capabilities capabilities() {
        return anthropic.capabilities();
      }
    };
  }

  @Override
  protected void scriptReply(String text) {
    script = streaming -> {
      if (streaming) fake.sse(AnthropicWire.textEvents(text, true));
      else fake.json(200, AnthropicWire.textMessage(text));
    };
  }

  @Override
  protected void scriptToolCall(String id, String name, String argumentsJson) {
    script = streaming -> fake.json(200, AnthropicWire.toolUseMessage(id, name, argumentsJson));
  }

  @Override
  protected void scriptFault(Fault fault) {
    script = streaming -> {
      switch (fault) {
        case RATE_LIMITED -> fake.json(429, error("rate_limit_error", "Number of requests has exceeded your rate limit"),
            "retry-after", "7");
        case SERVER_ERROR -> fake.json(500, error("api_error", "Internal server error"));
        case MALFORMED_BODY -> fake.json(200, "{\"id\":\"msg_01\",\"type\":\"message\",\"content\":[{\"type\":");
        case HTML_ERROR_PAGE -> fake.html(502, "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
            + "<body><h1>502 Bad Gateway</h1><p>" + "cloudflare ".repeat(80) + "</p></body></html>");
        case TRUNCATED_STREAM -> fake.sse(AnthropicWire.textEvents("cut short in the middle", false));
        case CONNECTION_RESET -> fake.connectionReset();
      }
    };
  }

  private static String error(String type, String message) {
    return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}";
  }
}
