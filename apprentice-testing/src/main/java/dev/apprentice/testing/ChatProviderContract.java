package dev.apprentice.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.CallContext;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatProvider;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.Message;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ToolCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ChatProvider} must show, whatever its wire format. A provider's test extends this
 * class and says how to script its upstream; the tests here then run against it unchanged.
 */
public abstract class ChatProviderContract {

  /** The faults a contract test can ask the upstream to show. */
  public enum Fault { RATE_LIMITED, SERVER_ERROR, MALFORMED_BODY, HTML_ERROR_PAGE, TRUNCATED_STREAM, CONNECTION_RESET }

  /** The provider under test, pointed at the scripted upstream. */
  protected abstract ChatProvider provider();

  /** The next call answers with this assistant text (streamed if the call streams). */
  protected abstract void scriptReply(String text);

  /** The next call answers with one tool call. */
  protected abstract void scriptToolCall(String id, String name, String argumentsJson);

  /**
   * The next call fails in this way. {@link Fault#RATE_LIMITED} carries a Retry-After of 7 seconds;
   * {@link Fault#CONNECTION_RESET} loses the connection once the request is sent, before any status comes back.
   */
  protected abstract void scriptFault(Fault fault);

  protected ChatRequest request(String text) {
    return ChatRequest.builder().model("model-under-test").messages(List.of(Message.user(text))).temperature(0.0)
        .maxTokens(50).build();
  }

  protected ChatRequest streamingRequest(String text) {
    return ChatRequest.builder().model("model-under-test").messages(List.of(Message.user(text))).stream(true)
        .streamOptions(new ChatRequest.StreamOptions(true)).temperature(0.0).maxTokens(50).build();
  }

  protected ChatRequest toolRequest() {
    var tool = new dev.apprentice.api.Tool("function", new dev.apprentice.api.Tool.Function("get_weather",
        "Weather for a city", Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string"))), null));
    return ChatRequest.builder().model("model-under-test").messages(List.of(Message.user("weather in Paris?")))
        .maxTokens(50).tools(List.of(tool)).build();
  }

  protected CallContext context() {
    return CallContext.withTimeout("trace-contract", Duration.ofSeconds(10));
  }

  @Test
  void aPlainCallReturnsTheAssistantTextWithUsage() throws Exception {
    scriptReply("Hello there");
    ChatResponse response = provider().chat(request("hi"), context());

    assertThat(response.text()).isEqualTo("Hello there");
    assertThat(response.choices().getFirst().message().role()).isEqualTo("assistant");
    assertThat(response.choices().getFirst().finishReason()).isEqualTo("stop");
    assertThat(response.usage()).isNotNull();
    assertThat(response.usage().completionTokens()).isPositive();
    assertThat(response.usage().totalTokens())
        .isEqualTo(response.usage().promptTokens() + response.usage().completionTokens());
    assertThat(response.model()).isNotBlank();
  }

  @Test
  void aStreamDeliversTheTextInChunksAndEndsWithAFinishReasonAndUsage() throws Exception {
    scriptReply("Hello streaming world");
    List<ChatChunk> chunks = drain(provider().stream(streamingRequest("hi"), context()));

    StringBuilder text = new StringBuilder();
    String finish = null;
    for (ChatChunk chunk : chunks) {
      assertThat(chunk.object()).isEqualTo(ChatChunk.OBJECT);
      for (ChatChunk.Choice choice : chunk.choices()) {
        if (choice.delta() != null && choice.delta().content() != null) text.append(choice.delta().content());
        if (choice.finishReason() != null) finish = choice.finishReason();
      }
    }
    assertThat(text.toString()).isEqualTo("Hello streaming world");
    assertThat(finish).isEqualTo("stop");
    assertThat(chunks.getLast().usage()).as("usage is reported on the last chunk").isNotNull();
    assertThat(chunks.getLast().usage().completionTokens()).isPositive();
  }

  @Test
  void aToolCallComesBackWithItsNameIdAndArguments() throws Exception {
    scriptToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}");
    ChatResponse response = provider().chat(toolRequest(), context());

    ToolCall call = response.choices().getFirst().message().toolCalls().getFirst();
    assertThat(call.id()).isEqualTo("call_1");
    assertThat(call.type()).isEqualTo("function");
    assertThat(call.function().name()).isEqualTo("get_weather");
    assertThat(call.function().arguments()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(response.choices().getFirst().finishReason()).isEqualTo("tool_calls");
  }

  @Test
  void aRateLimitIsRetriableAndCarriesRetryAfter() {
    scriptFault(Fault.RATE_LIMITED);
    assertThatThrownBy(() -> provider().chat(request("hi"), context()))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.kind()).isEqualTo(ProviderException.Kind.RATE_LIMITED);
          assertThat(e.kind().retriable()).isTrue();
          assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        });
  }

  @Test
  void aServerErrorIsRetriable() {
    scriptFault(Fault.SERVER_ERROR);
    assertThatThrownBy(() -> provider().chat(request("hi"), context()))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind().retriable()).isTrue());
  }

  @Test
  void aMalformedBodyIsABadResponseNotACrash() {
    scriptFault(Fault.MALFORMED_BODY);
    assertThatThrownBy(() -> provider().chat(request("hi"), context()))
        .isInstanceOfSatisfying(ProviderException.class,
            e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.BAD_RESPONSE));
  }

  @Test
  void anHtmlErrorPageIsAnUpstreamErrorWithAShortMessage() {
    scriptFault(Fault.HTML_ERROR_PAGE);
    assertThatThrownBy(() -> provider().chat(request("hi"), context()))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.kind().fallbackAllowed()).isTrue();
          assertThat(e.getMessage()).doesNotContain("<html").hasSizeLessThan(400);
        });
  }

  @Test
  void aTruncatedStreamFailsInsteadOfEndingQuietly() {
    scriptFault(Fault.TRUNCATED_STREAM);
    assertThatThrownBy(() -> drain(provider().stream(streamingRequest("hi"), context())))
        .isInstanceOf(ProviderException.class);
  }

  @Test
  void aConnectionLostBeforeAnyAnswerIsARetriableConnectionFailureWithoutAStatus() {
    scriptFault(Fault.CONNECTION_RESET);
    assertThatThrownBy(() -> provider().chat(request("hi"), context()))
        .isInstanceOfSatisfying(ProviderException.class, ChatProviderContract::lostBeforeAnyAnswer);
  }

  @Test
  void aStreamWhoseConnectionIsLostBeforeAnyAnswerIsARetriableConnectionFailureWithoutAStatus() {
    scriptFault(Fault.CONNECTION_RESET);
    assertThatThrownBy(() -> drain(provider().stream(streamingRequest("hi"), context())))
        .isInstanceOfSatisfying(ProviderException.class, ChatProviderContract::lostBeforeAnyAnswer);
  }

  /**
   * No status came back: the gateway cannot tell whether the upstream had the request, so the attempt is a
   * connection failure with status 0 (booked at nothing), not a bad answer.
   */
  private static void lostBeforeAnyAnswer(ProviderException e) {
    assertThat(e.kind()).isEqualTo(ProviderException.Kind.CONNECTION);
    assertThat(e.kind().retriable()).isTrue();
    assertThat(e.status()).isZero();
  }

  @Test
  void closingAStreamEarlyEndsItWithoutError() throws Exception {
    scriptReply("one two three four five six seven eight nine ten");
    ChunkStream stream = provider().stream(streamingRequest("hi"), context());
    assertThat(stream.next()).isNotNull();
    stream.close();
    stream.close();
  }

  /** Pulls every chunk, closing the stream at the end. */
  protected static List<ChatChunk> drain(ChunkStream stream) throws ProviderException {
    List<ChatChunk> chunks = new ArrayList<>();
    try (stream) {
      for (ChatChunk chunk = stream.next(); chunk != null; chunk = stream.next()) chunks.add(chunk);
    }
    return chunks;
  }
}
