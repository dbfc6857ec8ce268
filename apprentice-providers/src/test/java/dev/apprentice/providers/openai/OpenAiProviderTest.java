package dev.apprentice.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.CallContext;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.Message;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.api.ToolCall;
import dev.apprentice.providers.http.ProviderJson;
import dev.apprentice.testing.FakeUpstream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiProviderTest {

  private final FakeUpstream upstream = new FakeUpstream();
  private final OpenAiProvider provider = provider("sk-secret", Map.of("OpenAI-Organization", "org-1"));

  @AfterEach
  void stopUpstream() {
    upstream.close();
  }

  @Test
  void unknownRequestFieldsReachTheUpstreamUnchanged() throws Exception {
    upstream.json(200, OpenAiWire.completion("ok"));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("top_k", 3);
    extra.put("logit_bias", Map.of("50256", -100));
    extra.put("chat_template_kwargs", Map.of("enable_thinking", false));
    ChatRequest request = ChatRequest.builder().model("qwen3-8b").messages(List.of(Message.user("hi")))
        .temperature(0.2).maxTokens(20).seed(7L).extra(extra).build();

    provider.chat(request, context());

    FakeUpstream.Recorded sent = upstream.takeRequest();
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.path()).isEqualTo("/v1/chat/completions");
    JsonNode body = ProviderJson.MAPPER.readTree(sent.body());
    assertThat(body.get("model").asText()).isEqualTo("qwen3-8b");
    assertThat(body.get("top_k").asInt()).isEqualTo(3);
    assertThat(body.get("logit_bias").get("50256").asInt()).isEqualTo(-100);
    assertThat(body.get("chat_template_kwargs").get("enable_thinking").asBoolean()).isFalse();
    assertThat(body.get("seed").asLong()).isEqualTo(7);
    assertThat(body.has("stream")).isFalse();
    assertThat(body.has("stream_options")).isFalse();
  }

  @Test
  void thinkingCarriedBackFromAnAnthropicAnswerIsLeftOutButOtherMessageFieldsPass() throws Exception {
    upstream.json(200, OpenAiWire.completion("ok"));
    Map<String, Object> thinking = new LinkedHashMap<>();
    thinking.put("reasoning_content", "Let me look it up.");
    thinking.put("thinking_blocks", List.of(Map.of("type", "thinking", "thinking", "Let me look it up.",
        "signature", "sig-1")));
    thinking.put("x_custom", 7);
    ChatRequest request = ChatRequest.builder().model("m").messages(List.of(Message.user("hi"),
        new Message("assistant", dev.apprentice.api.Content.text("Sure."), null, null, null, null, thinking),
        Message.user("and then?"))).build();

    provider.chat(request, context());

    JsonNode assistant = ProviderJson.MAPPER.readTree(upstream.takeRequest().body()).path("messages").path(1);
    assertThat(assistant.has("thinking_blocks")).isFalse();
    assertThat(assistant.has("reasoning_content")).isFalse();
    assertThat(assistant.path("x_custom").asInt()).isEqualTo(7);
    assertThat(assistant.path("content").asText()).isEqualTo("Sure.");
  }

  @Test
  void thinkingContentPartsOfAnAssistantTurnAreLeftOutToo() throws Exception {
    upstream.json(200, OpenAiWire.completion("ok"));
    dev.apprentice.api.Content parts = dev.apprentice.api.Content.fromJson(List.of(
        Map.of("type", "thinking", "thinking", "Let me look it up.", "signature", "sig-1"),
        Map.of("type", "text", "text", "Sure.")));
    ChatRequest request = ChatRequest.builder().model("m").messages(List.of(Message.user("hi"),
        new Message("assistant", parts, null, null, null, null, null), Message.user("and then?"))).build();

    provider.chat(request, context());

    JsonNode content = ProviderJson.MAPPER.readTree(upstream.takeRequest().body()).at("/messages/1/content");
    assertThat(content).hasSize(1);
    assertThat(content.path(0).path("type").asText()).isEqualTo("text");
  }

  @Test
  void theApiKeyAndExtraHeadersAreSentWithEveryCall() throws Exception {
    upstream.json(200, OpenAiWire.completion("ok"));
    provider.chat(request(), context());

    FakeUpstream.Recorded sent = upstream.takeRequest();
    assertThat(sent.header("Authorization")).isEqualTo("Bearer sk-secret");
    assertThat(sent.header("OpenAI-Organization")).isEqualTo("org-1");
    assertThat(sent.header("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void withoutAnApiKeyNoAuthorizationHeaderIsSent() throws Exception {
    upstream.json(200, OpenAiWire.completion("ok"));
    provider(null, Map.of()).chat(request(), context());

    assertThat(upstream.takeRequest().header("Authorization")).isNull();
  }

  @Test
  void aStreamAlwaysAsksForUsageEvenWhenTheClientDidNot() throws Exception {
    upstream.sse(OpenAiWire.textStream("hi there"));
    ChatRequest request = ChatRequest.builder().model("m").messages(List.of(Message.user("hi")))
        .streamOptions(new ChatRequest.StreamOptions(false)).build();

    List<ChatChunk> chunks = drain(provider.stream(request, context()));

    JsonNode body = ProviderJson.MAPPER.readTree(upstream.takeRequest().body());
    assertThat(body.get("stream").asBoolean()).isTrue();
    assertThat(body.get("stream_options").get("include_usage").asBoolean()).isTrue();
    assertThat(chunks.getLast().usageOnly()).isTrue();
  }

  @Test
  void streamedToolCallDeltasKeepTheirIndexIdNameAndArgumentFragments() throws Exception {
    upstream.sse(OpenAiWire.toolStream("call_9", "lookup", "{\"q\":\"paris\"}"));

    List<ChatChunk> chunks = drain(provider.stream(request(), context()));

    ToolCall first = chunks.get(0).choices().getFirst().delta().toolCalls().getFirst();
    assertThat(first.index()).isZero();
    assertThat(first.id()).isEqualTo("call_9");
    assertThat(first.function().name()).isEqualTo("lookup");
    StringBuilder arguments = new StringBuilder();
    for (ChatChunk chunk : chunks) {
      for (ChatChunk.Choice choice : chunk.choices()) {
        if (choice.delta() == null || choice.delta().toolCalls() == null) continue;
        for (ToolCall call : choice.delta().toolCalls()) arguments.append(call.function().arguments());
      }
    }
    assertThat(arguments.toString()).isEqualTo("{\"q\":\"paris\"}");
    assertThat(chunks.get(3).choices().getFirst().finishReason()).isEqualTo("tool_calls");
  }

  @Test
  void usageDetailsAreReadFromCompletionsAndStreams() throws Exception {
    String usage = "{\"prompt_tokens\":100,\"completion_tokens\":40,\"total_tokens\":140,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":64},\"completion_tokens_details\":{\"reasoning_tokens\":32}}";
    upstream.json(200, OpenAiWire.completion("ok").replace(OpenAiWire.USAGE, usage));
    upstream.sse(List.of(OpenAiWire.chunk("{\"content\":\"ok\"}", "\"stop\""), OpenAiWire.usageChunk(usage),
        "data: [DONE]"));

    ChatResponse response = provider.chat(request(), context());
    List<ChatChunk> chunks = drain(provider.stream(request(), context()));

    assertThat(response.usage().cachedTokens()).isEqualTo(64);
    assertThat(response.usage().reasoningTokens()).isEqualTo(32);
    assertThat(chunks.getLast().usage().cachedTokens()).isEqualTo(64);
    assertThat(chunks.getLast().usage().reasoningTokens()).isEqualTo(32);
  }

  @Test
  void anErrorEventMidStreamIsAClassifiedFailure() throws Exception {
    upstream.sse(List.of(OpenAiWire.chunk("{\"content\":\"Hel\"}", "null"),
        "data: {\"error\":{\"message\":\"Rate limit exceeded\",\"type\":\"rate_limit_error\",\"code\":429}}"));
    ChunkStream stream = provider.stream(request(), context());

    assertThat(stream.next().choices().getFirst().delta().content()).isEqualTo("Hel");
    assertThatThrownBy(stream::next).isInstanceOfSatisfying(ProviderException.class, e -> {
      assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
      assertThat(e.getMessage()).contains("Rate limit exceeded");
    });
    stream.close();
  }

  @Test
  void anUpstreamThatEchoesTheProvidersKeyInAnErrorDoesNotHandTheKeyOnInTheFailure() throws Exception {
    String key = "sk-live-0123456789abcdef";
    String token = "gw-token-fedcba9876543210";
    OpenAiProvider keyed = provider(key, Map.of("x-gateway-token", token));
    upstream.json(401, OpenAiWire.error("Incorrect API key provided: " + key, "invalid_request_error"));
    upstream.json(403, OpenAiWire.error("token " + token + " may not call gpt-test", "permission_error"));
    upstream.json(200, OpenAiWire.error("key " + key + " is disabled", "invalid_api_key"));
    upstream.sse(List.of(OpenAiWire.chunk("{\"content\":\"Hel\"}", "null"),
        "data: {\"error\":{\"message\":\"key " + key + " revoked\",\"type\":\"invalid_api_key\"}}"));

    List<String> messages = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> keyed.chat(request(), context())).isInstanceOfSatisfying(ProviderException.class,
          e -> messages.add(e.getMessage()));
    }
    try (ChunkStream stream = keyed.stream(request(), context())) {
      stream.next();
      assertThatThrownBy(stream::next).isInstanceOfSatisfying(ProviderException.class,
          e -> messages.add(e.getMessage()));
    }

    assertThat(messages).hasSize(4).allSatisfy(message -> assertThat(message).doesNotContain(key, token));
    assertThat(messages.getFirst()).contains("Incorrect API key provided: ****");
  }

  @Test
  void anErrorBodyWithStatus200IsAClassifiedFailure() {
    upstream.json(200, OpenAiWire.error("The model is overloaded", "server_error"));

    assertThatThrownBy(() -> provider.chat(request(), context()))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
          assertThat(e.getMessage()).contains("The model is overloaded");
        });
  }

  @Test
  void anUpstreamStatusThatBlamesTheTargetNotTheRequestFallsBackWithoutRetry() {
    for (int status : List.of(402, 405, 409, 410, 418)) {
      upstream.json(status, OpenAiWire.error("Insufficient Balance", "unknown_error"));

      assertThatThrownBy(() -> provider.chat(request(), context())).as("HTTP %d", status)
          .isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind().fallbackAllowed()).isTrue();
            assertThat(e.kind().retriable()).isFalse();
            assertThat(e.status()).isEqualTo(status);
          });
    }
  }

  @Test
  void answersThatBlameTheTargetAreLabelledForWhatTheyAreNotAllAsAuthentication() {
    upstream.json(401, OpenAiWire.error("Incorrect API key provided", "invalid_request_error"));
    upstream.json(402, OpenAiWire.error("Insufficient Balance", "unknown_error"));
    upstream.json(429, "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\","
        + "\"code\":\"insufficient_quota\"}}");
    upstream.enqueue(new mockwebserver3.MockResponse.Builder().code(302)
        .setHeader("Location", "https://api.example.org/v1/chat/completions").build());
    upstream.json(405, OpenAiWire.error("Method not allowed", "invalid_request_error"));

    for (Kind expected : List.of(Kind.AUTHENTICATION, Kind.OUT_OF_CREDIT, Kind.OUT_OF_CREDIT, Kind.MISCONFIGURED,
        Kind.MISCONFIGURED)) {
      assertThatThrownBy(() -> provider.chat(request(), context())).isInstanceOfSatisfying(ProviderException.class,
          e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(expected));
    }
  }

  @Test
  void aQuotaRefusalIsNotRetriedButFallsBackUnlikeARateLimit() throws Exception {
    String outOfQuota = "{\"error\":{\"message\":\"You exceeded your current quota, please check your plan and "
        + "billing details.\",\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}";
    upstream.json(429, outOfQuota);
    upstream.json(429, OpenAiWire.error("Rate limit reached for gpt-test", "requests"));
    upstream.sse(List.of(OpenAiWire.chunk("{\"content\":\"Hel\"}", "null"), "data: " + outOfQuota));

    assertThatThrownBy(() -> provider.chat(request(), context())).isInstanceOfSatisfying(ProviderException.class, e -> {
      assertThat(e.kind().retriable()).isFalse();
      assertThat(e.kind().fallbackAllowed()).isTrue();
      assertThat(e.getMessage()).contains("exceeded your current quota");
    });
    assertThatThrownBy(() -> provider.chat(request(), context()))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED));
    try (ChunkStream stream = provider.stream(request(), context())) {
      stream.next();
      assertThatThrownBy(stream::next).isInstanceOfSatisfying(ProviderException.class, e -> {
        assertThat(e.kind().retriable()).as("mid-stream too").isFalse();
        assertThat(e.kind().fallbackAllowed()).isTrue();
      });
    }
  }

  @Test
  void anErrorSentBesideAChoiceThatFinishesWithErrorFailsTheStreamInsteadOfEndingItAsAnswered() throws Exception {
    // OpenRouter's shape of a failure after the first token: the error in a chunk that still has a choice
    upstream.sse(List.of(OpenAiWire.chunk("{\"content\":\"Hel\"}", "null"),
        "data: {\"id\":\"gen-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
            + "\"error\":{\"code\":502,\"message\":\"Provider returned error\"},"
            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"error\"}]}",
        "data: [DONE]"));

    try (ChunkStream stream = provider.stream(request(), context())) {
      stream.next();
      assertThatThrownBy(stream::next).isInstanceOfSatisfying(ProviderException.class,
          e -> assertThat(e.getMessage()).contains("Provider returned error").contains("mid-stream"));
    }
  }

  @Test
  void aRedirectFallsBackWithoutRetryAndSaysWhereItPointed() {
    upstream.enqueue(new mockwebserver3.MockResponse.Builder().code(301)
        .setHeader("Location", "https://api.example.org/v1/chat/completions").build());

    assertThatThrownBy(() -> provider.chat(request(), context()))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.kind().fallbackAllowed()).isTrue();
          assertThat(e.kind().retriable()).isFalse();
          assertThat(e.getMessage()).contains("HTTP 301", "https://api.example.org/v1/chat/completions", "base_url");
        });
  }

  @Test
  void onlyA400413Or422BlamesTheRequest() {
    for (int status : List.of(400, 413, 422)) {
      upstream.json(status, OpenAiWire.error("bad request", "invalid_request_error"));

      assertThatThrownBy(() -> provider.chat(request(), context())).as("HTTP %d", status)
          .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST));
    }
  }

  @Test
  void aCompletionWithoutChoicesIsABadResponse() {
    upstream.json(200, "{\"id\":\"x\",\"object\":\"chat.completion\"}");

    assertThatThrownBy(() -> provider.chat(request(), context()))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE));
  }

  @Test
  void aStreamWithAFinishReasonButNoDoneEndsNormally() throws Exception {
    upstream.sse(List.of(OpenAiWire.chunk("{\"content\":\"ok\"}", "\"stop\"")));

    assertThat(drain(provider.stream(request(), context()))).hasSize(1);
  }

  @Test
  void aStreamEndingBeforeDoneWithoutAFinishReasonIsABadResponse() throws Exception {
    upstream.sse(OpenAiWire.textChunks("cut short"));
    ChunkStream stream = provider.stream(request(), context());

    assertThatThrownBy(() -> drain(stream)).isInstanceOfSatisfying(ProviderException.class, e -> {
      assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE);
      assertThat(e.getMessage()).contains("stream ended before [DONE]");
    });
  }

  @Test
  void bytesThatAreNotUtf8InAStreamEventAreReadAsReplacementCharactersNotRefused() throws Exception {
    byte[] head = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"caf".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] tail = "\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    okio.Buffer body = new okio.Buffer().write(head).writeByte(0xE9).write(tail); // a Latin-1 "é"
    upstream.enqueue(new mockwebserver3.MockResponse.Builder().code(200)
        .setHeader("Content-Type", "text/event-stream").body(body).build());
    ChunkStream stream = provider.stream(request(), context());

    ChatChunk chunk = stream.next();
    assertThat(chunk.choices().getFirst().delta().content()).isEqualTo("caf\uFFFD");
    assertThat(new String(stream.lastChunkJson(), java.nio.charset.StandardCharsets.UTF_8)).contains("caf\uFFFD");
    assertThat(stream.next()).isNull();
  }

  @Test
  void aMalformedStreamEventIsABadResponse() throws Exception {
    upstream.sse(List.of(OpenAiWire.chunk("{\"content\":\"ok\"}", "null"), "data: {\"choices\": [oops"));
    ChunkStream stream = provider.stream(request(), context());

    assertThat(stream.next()).isNotNull();
    assertThatThrownBy(stream::next)
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE));
  }

  @Test
  void aConnectionCutMidStreamIsARetriableConnectionFailure() throws Exception {
    upstream.sseCutMidBody(OpenAiWire.textChunks("one two three"));
    ChunkStream stream = provider.stream(request(), context());

    assertThatThrownBy(() -> drain(stream)).isInstanceOfSatisfying(ProviderException.class, e -> {
      assertThat(e.kind()).isEqualTo(Kind.CONNECTION);
      assertThat(e.kind().retriable()).isTrue();
    });
  }

  @Test
  void closingFromAnotherThreadUnblocksAWaitingNext() throws Exception {
    upstream.sseDelayed(Duration.ofSeconds(5), OpenAiWire.textStream("late"));
    ChunkStream stream = provider.stream(request(), context());
    List<Throwable> thrown = new ArrayList<>();
    Thread reader = Thread.ofVirtual().start(() -> {
      try {
        stream.next();
      } catch (ProviderException e) {
        thrown.add(e);
      }
    });
    Thread.sleep(100);

    long start = System.nanoTime();
    stream.close();
    reader.join(Duration.ofSeconds(3));

    assertThat(reader.isAlive()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(thrown).singleElement().isInstanceOfSatisfying(ProviderException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
  }

  @Test
  void aRestrictedExtraHeaderIsRejectedWhenTheProviderIsBuilt() {
    assertThatThrownBy(() -> provider("k", Map.of("Host", "elsewhere")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void answersAreReadToTheirEndSoTheNextCallReusesTheConnection() throws Exception {
    OpenAiProvider fresh = new OpenAiProvider("openai", upstream.baseUrl(), null, Map.of(),
        dev.apprentice.providers.http.Transport.create(Duration.ofSeconds(2)));
    upstream.json(200, OpenAiWire.completion("one"));
    upstream.sse(OpenAiWire.textStream("two"));
    upstream.json(200, OpenAiWire.completion("three"));

    fresh.chat(request(), context());
    drain(fresh.stream(request(), context()));
    fresh.chat(request(), context());

    List<Integer> connections = List.of(upstream.takeRequest().raw().getConnectionIndex(),
        upstream.takeRequest().raw().getConnectionIndex(), upstream.takeRequest().raw().getConnectionIndex());
    assertThat(connections).as("one keep-alive connection for all three calls").containsOnly(connections.getFirst());
  }

  private OpenAiProvider provider(String apiKey, Map<String, String> headers) {
    return new OpenAiProvider("openai", upstream.baseUrl(), apiKey, headers, OpenAiProviderContractTest.CLIENT);
  }

  static ChatRequest request() {
    return ChatRequest.builder().model("gpt-test").messages(List.of(Message.user("hi"))).build();
  }

  static CallContext context() {
    return CallContext.withTimeout("trace-test", Duration.ofSeconds(10));
  }

  static List<ChatChunk> drain(ChunkStream stream) throws ProviderException {
    List<ChatChunk> chunks = new ArrayList<>();
    try (stream) {
      for (ChatChunk chunk = stream.next(); chunk != null; chunk = stream.next()) chunks.add(chunk);
    }
    return chunks;
  }
}
