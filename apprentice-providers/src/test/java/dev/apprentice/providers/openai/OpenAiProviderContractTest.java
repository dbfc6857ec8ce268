package dev.apprentice.providers.openai;

import dev.apprentice.api.CallContext;
import dev.apprentice.api.ChatProvider;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ProviderException;
import dev.apprentice.providers.http.Upstream;
import dev.apprentice.testing.ChatProviderContract;
import dev.apprentice.testing.FakeUpstream;
import dev.apprentice.providers.http.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The shared provider contract against a fake upstream speaking OpenAI's wire format. A scripted answer is kept in
 * both shapes, a JSON completion and an event stream, and handed to the fake when the call shows which one it is.
 */
class OpenAiProviderContractTest extends ChatProviderContract {

  static final Transport CLIENT = Transport.create(Duration.ofSeconds(2));

  private FakeUpstream upstream;
  private Answer next;

  @BeforeEach
  void startUpstream() {
    upstream = new FakeUpstream();
  }

  @AfterEach
  void stopUpstream() {
    upstream.close();
  }

  @Override
  protected ChatProvider provider() {
    return new AnswerOnCall(new OpenAiProvider("openai", upstream.baseUrl(), "sk-test", Map.of(), CLIENT));
  }

  @Override
  protected void scriptReply(String text) {
    next = new Answer(u -> u.json(200, OpenAiWire.completion(text)), u -> u.sse(OpenAiWire.textStream(text)));
  }

  @Override
  protected void scriptToolCall(String id, String name, String argumentsJson) {
    next = new Answer(u -> u.json(200, OpenAiWire.toolCompletion(id, name, argumentsJson)),
        u -> u.sse(OpenAiWire.toolStream(id, name, argumentsJson)));
  }

  @Override
  protected void scriptFault(Fault fault) {
    next = switch (fault) {
      case RATE_LIMITED -> same(u -> u.json(429, OpenAiWire.error("Rate limit reached", "requests"), "retry-after", "7"));
      case SERVER_ERROR -> same(u -> u.json(500, OpenAiWire.error("The server had an error", "server_error")));
      case HTML_ERROR_PAGE -> same(u -> u.html(502, "<html><head><title>502 Bad Gateway</title></head><body>"
          + "<h1>502 Bad Gateway</h1>" + "x".repeat(2000) + "</body></html>"));
      case CONNECTION_RESET -> same(FakeUpstream::connectionReset);
      case MALFORMED_BODY -> new Answer(u -> u.json(200, "upstream says: not json {"),
          u -> u.sse(List.of("data: {\"id\":\"chatcmpl-s\",\"choices\":[{")));
      case TRUNCATED_STREAM -> new Answer(u -> u.json(200, "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0"),
          u -> u.sse(OpenAiWire.textChunks("cut short here")));
    };
  }

  private static Answer same(Consumer<FakeUpstream> answer) {
    return new Answer(answer, answer);
  }

  /** What the fake upstream answers to the next call, as a completion and as a stream. */
  private record Answer(Consumer<FakeUpstream> completion, Consumer<FakeUpstream> stream) {}

  /** Hands the scripted answer to the fake in the shape the call asks for, then lets the real provider call it. */
  private final class AnswerOnCall implements ChatProvider {
    private final OpenAiProvider provider;

    AnswerOnCall(OpenAiProvider provider) {
      this.provider = provider;
    }

    @Override
    public String name() {
      return provider.name();
    }

    @Override
    public String type() {
      return provider.type();
    }

    @Override
    public ChatResponse chat(ChatRequest request, CallContext context) throws ProviderException {
      if (next != null) next.completion().accept(upstream);
      return provider.chat(request, context);
    }

    @Override
    public ChunkStream stream(ChatRequest request, CallContext context) throws ProviderException {
      if (next != null) next.stream().accept(upstream);
      return provider.stream(request, context);
    }

    @Override
    public Capabilities capabilities() {
      return provider.capabilities();
    }
  }
}
