package dev.apprentice.providers.openai;

import static dev.apprentice.providers.openai.OpenAiProviderTest.context;
import static dev.apprentice.providers.openai.OpenAiProviderTest.drain;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Message;
import dev.apprentice.providers.http.ProviderJson;
import dev.apprentice.providers.http.Transport;
import dev.apprentice.testing.FakeUpstream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * OpenAI's chat API refuses {@code metadata} without {@code store: true} (400 "The 'metadata' parameter is only
 * allowed when 'store' is enabled", https://github.com/tmc/langchaingo/issues/1484), which a Responses call's metadata
 * becomes as a chat call; other OpenAI-type servers get it as sent.
 */
class OpenAiMetadataTest {

  private final FakeUpstream upstream = new FakeUpstream();

  /** Delivers what is addressed to OpenAI's API to the fake upstream, as if it were there. */
  private final Transport toFake = (uri, headers, body, start, read) -> OpenAiProviderContractTest.CLIENT.post(
      URI.create(upstream.rootUrl() + uri.getRawPath()), headers, body, start, read);

  @AfterEach
  void stopUpstream() {
    upstream.close();
  }

  @Test
  void openAisOwnApiGetsNoMetadataUnlessTheRequestAsksToStore() throws Exception {
    upstream.json(200, OpenAiWire.completion("hi")).sse(OpenAiWire.textStream("hi"));
    OpenAiProvider openAi = new OpenAiProvider("openai", "https://api.openai.com/v1", "sk-test", Map.of(), toFake);

    openAi.chat(request(), context());
    drain(openAi.stream(request().toBuilder().stream(true).build(), context()));

    JsonNode answered = ProviderJson.MAPPER.readTree(upstream.takeRequest().body());
    JsonNode streamed = ProviderJson.MAPPER.readTree(upstream.takeRequest().body());
    assertThat(answered.has("metadata")).as(answered.toString()).isFalse();
    assertThat(streamed.has("metadata")).as(streamed.toString()).isFalse();
    assertThat(answered.at("/messages/0/content").asText()).isEqualTo("hi");
  }

  @Test
  void openAisOwnApiGetsTheMetadataOfARequestThatAsksToStore() throws Exception {
    upstream.json(200, OpenAiWire.completion("hi"));
    OpenAiProvider openAi = new OpenAiProvider("openai", "https://api.openai.com/v1", "sk-test", Map.of(), toFake);
    ChatRequest stored = request().toBuilder().extra(new java.util.LinkedHashMap<>(Map.of("store", true))).build();

    openAi.chat(stored, context());

    JsonNode sent = ProviderJson.MAPPER.readTree(upstream.takeRequest().body());
    assertThat(sent.at("/metadata/team").asText()).isEqualTo("search");
    assertThat(sent.path("store").asBoolean()).isTrue();
  }

  @Test
  void aProxyInFrontOfOpenAiSetToSendMetadataWithStoreOnlyGetsNoneUnstored() throws Exception {
    upstream.json(200, OpenAiWire.completion("hi"));
    OpenAiProvider proxy = new OpenAiProvider("proxy", upstream.baseUrl(), "sk-test", Map.of(),
        OpenAiProviderContractTest.CLIENT, OutputLimitField.AUTO, ReasoningHistory.AUTO, StreamUsage.AUTO,
        SendMetadata.WITH_STORE);

    proxy.chat(request(), context());

    JsonNode sent = ProviderJson.MAPPER.readTree(upstream.takeRequest().body());
    assertThat(sent.has("metadata")).as(sent.toString()).isFalse();
  }

  @Test
  void openAisOwnApiSetToSendMetadataAlwaysGetsItUnstored() throws Exception {
    upstream.json(200, OpenAiWire.completion("hi"));
    OpenAiProvider openAi = new OpenAiProvider("openai", "https://api.openai.com/v1", "sk-test", Map.of(), toFake,
        OutputLimitField.AUTO, ReasoningHistory.AUTO, StreamUsage.AUTO, SendMetadata.ALWAYS);

    openAi.chat(request(), context());

    JsonNode sent = ProviderJson.MAPPER.readTree(upstream.takeRequest().body());
    assertThat(sent.at("/metadata/team").asText()).isEqualTo("search");
  }

  @Test
  void anotherOpenAiTypeServerGetsTheMetadataAsSent() throws Exception {
    upstream.json(200, OpenAiWire.completion("hi"));
    OpenAiProvider local = new OpenAiProvider("local", upstream.baseUrl(), "sk-test", Map.of(),
        OpenAiProviderContractTest.CLIENT);

    local.chat(request(), context());

    JsonNode sent = ProviderJson.MAPPER.readTree(upstream.takeRequest().body());
    assertThat(sent.at("/metadata/team").asText()).isEqualTo("search");
  }

  private static ChatRequest request() {
    return ChatRequest.builder().model("gpt-4o").messages(List.of(Message.user("hi")))
        .metadata(Map.of("team", "search")).build();
  }
}
