package dev.apprentice.providers.anthropic;

import dev.apprentice.providers.http.Transport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.CallContext;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.Message;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.providers.http.Upstream;
import dev.apprentice.testing.FakeUpstream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the provider classifies Anthropic's failures and handles the stream's life, beyond the shared contract. */
class AnthropicProviderTest {

  private final FakeUpstream fake = new FakeUpstream();
  private final AnthropicProvider provider = provider(fake.rootUrl());

  @AfterEach
  void stopFake() {
    fake.close();
  }

  @Test
  void configuredHeadersGoWithEveryRequestBesideTheProvidersOwn() throws Exception {
    AnthropicProvider beta = new AnthropicProvider("claude", fake.rootUrl(), "sk-ant-test", 1024,
        java.util.Map.of("anthropic-beta", "output-128k-2025-02-19"), Transport.create(Duration.ofSeconds(2)));
    fake.json(200, AnthropicWire.textMessage("ok"));

    beta.chat(request(), context());

    var sent = fake.takeRequest();
    assertThat(sent.header("anthropic-beta")).isEqualTo("output-128k-2025-02-19");
    assertThat(sent.header("x-api-key")).isEqualTo("sk-ant-test");
    assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(sent.header("accept")).isEqualTo("application/json");
  }

  @Test
  void aKeyFromAnEnvironmentFileWithATrailingNewlineIsSentStrippedAsOpenAiSendsItsKey() throws Exception {
    AnthropicProvider fromEnvFile = new AnthropicProvider("claude", fake.rootUrl(), " sk-ant-test \n", 1024,
        Transport.create(Duration.ofSeconds(2)));
    fake.json(200, AnthropicWire.textMessage("ok"));

    fromEnvFile.chat(request(), context());

    assertThat(fake.takeRequest().header("x-api-key")).isEqualTo("sk-ant-test");
  }

  @Test
  void aRestrictedHeaderIsRefusedWhenTheProviderIsBuiltNotAtTheFirstCall() {
    assertThatThrownBy(() -> new AnthropicProvider("claude", fake.rootUrl(), "k", 1024,
        java.util.Map.of("Host", "elsewhere"), Transport.create(Duration.ofSeconds(2))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anOverloadedAnswerIsRetriableAndOverloaded() {
    fake.json(529, error("overloaded_error", "Overloaded"));
    assertFailure(Kind.OVERLOADED, e -> assertThat(e.getMessage()).contains("HTTP 529", "Overloaded"));
  }

  @Test
  void theErrorTypeInTheBodyWinsOverAGenericStatus() {
    fake.json(500, error("overloaded_error", "Overloaded"));
    assertFailure(Kind.OVERLOADED, e -> assertThat(e.status()).isEqualTo(500));
  }

  @Test
  void aRejectedKeyIsAnAuthenticationFailure() {
    fake.json(401, error("authentication_error", "invalid x-api-key"));
    assertFailure(Kind.AUTHENTICATION, e -> assertThat(e.kind().retriable()).isFalse());
  }

  @Test
  void anUpstreamThatEchoesTheProvidersKeyInAnErrorDoesNotHandTheKeyOnInTheFailure() throws Exception {
    fake.json(401, error("authentication_error", "invalid x-api-key sk-ant-test"));
    fake.json(200, error("authentication_error", "key sk-ant-test is disabled"));
    fake.sse(List.of(AnthropicWire.textEvents("hi", false).getFirst(),
        "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
            + "\"message\":\"key sk-ant-test revoked\"}}"));

    assertFailure(Kind.AUTHENTICATION, e -> assertThat(e.getMessage()).contains("invalid x-api-key ****")
        .doesNotContain("sk-ant-test"));
    assertFailure(Kind.AUTHENTICATION, e -> assertThat(e.getMessage()).doesNotContain("sk-ant-test"));
    try (ChunkStream stream = provider.stream(request(), context())) {
      stream.next();
      assertThatThrownBy(stream::next).isInstanceOfSatisfying(ProviderException.class,
          e -> assertThat(e.getMessage()).contains("key **** revoked").doesNotContain("sk-ant-test"));
    }
  }

  @Test
  void anInvalidRequestIsNeitherRetriedNorSentElsewhere() {
    fake.json(400, error("invalid_request_error", "messages: roles must alternate"));
    assertFailure(Kind.INVALID_REQUEST, e -> {
      assertThat(e.kind().fallbackAllowed()).isFalse();
      assertThat(e.getMessage()).contains("roles must alternate");
    });
  }

  @Test
  void anAccountOutOfCreditIsOutOfCreditThoughAnthropicCallsItAnInvalidRequest() {
    fake.json(400, error("invalid_request_error", "Your credit balance is too low to access the Anthropic API. "
        + "Please go to Plans & Billing to upgrade or purchase credits."));
    assertFailure(Kind.OUT_OF_CREDIT, e -> {
      assertThat(e.kind().fallbackAllowed()).isTrue();
      assertThat(e.getMessage()).contains("credit balance is too low");
    });
  }

  @Test
  void anErrorBodyWithAnOkStatusIsStillAClassifiedFailure() {
    fake.json(200, error("overloaded_error", "Overloaded"));
    assertFailure(Kind.OVERLOADED, e -> assertThat(e.getMessage()).contains("Overloaded"));
  }

  @Test
  void anErrorEventInAStreamIsClassifiedByItsType() throws Exception {
    fake.sse(List.of(AnthropicWire.textEvents("hi", false).getFirst(),
        "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}"));
    try (ChunkStream stream = provider.stream(request(), context())) {
      assertThat(stream.next().choices().getFirst().delta().role()).isEqualTo("assistant");
      assertThatThrownBy(stream::next).isInstanceOfSatisfying(ProviderException.class, e -> {
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.getMessage()).contains("slow down");
      });
    }
  }

  @Test
  void anErrorEventInAStreamCarriesAnthropicsOwnMessageWithTheKeyHidden() throws Exception {
    fake.sse(List.of(AnthropicWire.textEvents("hi", false).getFirst(),
        "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
            + "\"message\":\"Overloaded for sk-ant-test\"}}"));
    try (ChunkStream stream = provider.stream(request(), context())) {
      stream.next();
      assertThatThrownBy(stream::next).isInstanceOfSatisfying(ProviderException.class, e -> {
        assertThat(e.kind()).isEqualTo(Kind.OVERLOADED);
        assertThat(e.upstreamError()).isNotNull();
        assertThat(e.upstreamError().message()).isEqualTo("Overloaded for ****");
      });
    }
  }

  @Test
  void closingAStreamUnblocksAWaitingNextAsCancelled() throws Exception {
    fake.sseDelayed(Duration.ofSeconds(5), AnthropicWire.minimalEvents());
    ChunkStream stream = provider.stream(request(), context());
    CompletableFuture<Object> waiting = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try {
        waiting.complete(stream.next());
      } catch (Throwable t) {
        waiting.complete(t);
      }
    });
    Thread.sleep(200);

    stream.close();
    stream.close();

    assertThat(waiting.get(2, TimeUnit.SECONDS)).isInstanceOfSatisfying(ProviderException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
  }

  @Test
  void aStreamReturnsNothingMoreAfterMessageStop() throws Exception {
    fake.sse(AnthropicWire.textEvents("done", true));
    try (ChunkStream stream = provider.stream(request(), context())) {
      while (!stream.next().usageOnly()) {
        // the text and finish chunks come before the usage chunk
      }
      assertThat(stream.next()).isNull();
      assertThat(stream.next()).isNull();
    }
  }

  @Test
  void aCallPastItsDeadlineTimesOut() {
    fake.delayed(Duration.ofSeconds(3), 200, AnthropicWire.textMessage("late"));
    assertThatThrownBy(() -> provider.chat(request(), CallContext.withTimeout("t", Duration.ofMillis(300))))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
  }

  @Test
  void aBaseUrlEndingInV1IsNotGivenASecondOne() throws Exception {
    fake.json(200, AnthropicWire.textMessage("ok"));
    provider(fake.rootUrl() + "/v1/").chat(request(), context());
    assertThat(fake.takeRequest().path()).isEqualTo("/v1/messages");
  }

  @Test
  void itIsAnAnthropicProviderThatStreamsToolsAndImages() {
    assertThat(provider.type()).isEqualTo("anthropic");
    assertThat(provider.name()).isEqualTo("claude");
    assertThat(provider.capabilities().streaming()).isTrue();
    assertThat(provider.capabilities().tools()).isTrue();
    assertThat(provider.capabilities().images()).isTrue();
    assertThat(provider.capabilities().embeddings()).isFalse();
  }

  private static AnthropicProvider provider(String baseUrl) {
    return new AnthropicProvider("claude", baseUrl, "sk-ant-test", 1024, Transport.create(Duration.ofSeconds(2)));
  }

  private void assertFailure(Kind kind, java.util.function.Consumer<ProviderException> more) {
    assertThatThrownBy(() -> provider.chat(request(), context()))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.kind()).isEqualTo(kind);
          more.accept(e);
        });
  }

  private static ChatRequest request() {
    return ChatRequest.builder().model("claude-sonnet-4-5").messages(List.of(Message.user("hi"))).maxTokens(50)
        .build();
  }

  private static CallContext context() {
    return CallContext.withTimeout("trace-test", Duration.ofSeconds(10));
  }

  private static String error(String type, String message) {
    return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}";
  }
}
