package dev.apprentice.providers.openai;

import static dev.apprentice.providers.openai.OpenAiProviderTest.context;
import static dev.apprentice.providers.openai.OpenAiProviderTest.drain;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Message;
import dev.apprentice.providers.http.ProviderJson;
import dev.apprentice.testing.FakeUpstream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Whether a stream asks its server for usage. Mistral's API refuses {@code stream_options.include_usage} with a 422
 * (https://github.com/dnakov/anon-kode/issues/53: {@code "loc":["body","stream_options","include_usage"],"msg":"Extra
 * inputs are not permitted"}) and reports usage on its last chunk unasked
 * (https://github.com/Portkey-AI/gateway/pull/1260).
 */
class OpenAiStreamUsageTest {

  /** Mistral's stream: the usage on the chunk that finishes the choice, no usage-only chunk. */
  private static final List<String> MISTRAL_STREAM = List.of(
      "data: {\"id\":\"7e37a1f7be8448feb47f896daacac26a\",\"object\":\"chat.completion.chunk\",\"created\":1754040410,"
          + "\"model\":\"mistral-medium\",\"choices\":[{\"index\":0,"
          + "\"delta\":{\"role\":\"assistant\",\"content\":\"3.\"},"
          + "\"finish_reason\":null}]}",
      "data: {\"id\":\"7e37a1f7be8448feb47f896daacac26a\",\"object\":\"chat.completion.chunk\",\"created\":1754040410,"
          + "\"model\":\"mistral-medium\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},"
          + "\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":10,\"total_tokens\":12,\"completion_tokens\":2}}",
      "data: [DONE]");

  private final FakeUpstream upstream = new FakeUpstream();

  @AfterEach
  void stopUpstream() {
    upstream.close();
  }

  @Test
  void autoAsksEveryServerForUsageButMistralsApiWhichRefusesTheField() {
    assertThat(StreamUsage.AUTO.at("https://api.mistral.ai/v1")).isEqualTo(StreamUsage.OMIT);
    assertThat(StreamUsage.AUTO.at("https://API.Mistral.AI/v1")).isEqualTo(StreamUsage.OMIT);
    assertThat(StreamUsage.AUTO.at("https://api.openai.com/v1")).isEqualTo(StreamUsage.ASK);
    assertThat(StreamUsage.AUTO.at("https://notmistral.ai/v1")).isEqualTo(StreamUsage.ASK);
    assertThat(StreamUsage.AUTO.at("http://127.0.0.1:11434/v1")).isEqualTo(StreamUsage.ASK);
    assertThat(StreamUsage.ASK.at("https://api.mistral.ai/v1")).isEqualTo(StreamUsage.ASK);
    assertThat(StreamUsage.OMIT.at("http://127.0.0.1:8000/v1")).isEqualTo(StreamUsage.OMIT);
  }

  @Test
  void aProviderSetToOmitSendsNoIncludeUsageNotEvenTheClientsAndStillReadsTheUsageOnTheLastChunk() throws Exception {
    upstream.sse(MISTRAL_STREAM);
    ChatRequest request = ChatRequest.builder().model("mistral-medium").messages(List.of(Message.user("1+2?")))
        .streamOptions(new ChatRequest.StreamOptions(true)).build();

    List<ChatChunk> chunks = drain(provider(StreamUsage.OMIT).stream(request, context()));

    JsonNode body = ProviderJson.MAPPER.readTree(upstream.takeRequest().body());
    assertThat(body.get("stream").asBoolean()).isTrue();
    assertThat(body.has("stream_options")).isFalse();
    assertThat(chunks.getLast().usage().promptTokens()).isEqualTo(10);
    assertThat(chunks.getLast().usage().completionTokens()).isEqualTo(2);
  }

  @Test
  void omittingUsageKeepsTheClientsOtherStreamOptions() throws Exception {
    upstream.sse(MISTRAL_STREAM);
    ChatRequest request = ChatRequest.builder().model("m").messages(List.of(Message.user("hi")))
        .streamOptions(new ChatRequest.StreamOptions(true, new java.util.LinkedHashMap<>(
            Map.of("continuous_usage_stats", true)))).build();

    drain(provider(StreamUsage.OMIT).stream(request, context()));

    JsonNode options = ProviderJson.MAPPER.readTree(upstream.takeRequest().body()).get("stream_options");
    assertThat(options.has("include_usage")).isFalse();
    assertThat(options.get("continuous_usage_stats").asBoolean()).isTrue();
  }

  @Test
  void aProviderSetToAskAddsIncludeUsageToTheClientsStreamOptions() throws Exception {
    upstream.sse(OpenAiWire.textStream("hi"));

    drain(provider(StreamUsage.ASK).stream(OpenAiProviderTest.request(), context()));

    JsonNode body = ProviderJson.MAPPER.readTree(upstream.takeRequest().body());
    assertThat(body.at("/stream_options/include_usage").asBoolean()).isTrue();
  }

  private OpenAiProvider provider(StreamUsage usage) {
    return new OpenAiProvider("mistral", upstream.baseUrl(), "sk-test", Map.of(), OpenAiProviderContractTest.CLIENT,
        OutputLimitField.AUTO, ReasoningHistory.AUTO, usage);
  }
}
