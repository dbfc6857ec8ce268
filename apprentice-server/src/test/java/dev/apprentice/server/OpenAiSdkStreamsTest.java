package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.apprentice.testing.FakeUpstream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Streams as the official SDK reads them from an OpenAI-type upstream: every choice of {@code n > 1} with its
 * {@code logprobs}, one usage booked once, and the usage chunk (no choices, last before {@code [DONE]}) exactly when
 * the client asked for it with {@code stream_options.include_usage}.
 */
class OpenAiSdkStreamsTest {

  private static final String USAGE = "{\"prompt_tokens\":1000,\"completion_tokens\":100,\"total_tokens\":1100,"
      + "\"prompt_tokens_details\":{\"cached_tokens\":800},\"completion_tokens_details\":{\"reasoning_tokens\":10}}";

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        up: { type: openai, base_url: "%s", api_key: sk-upstream }
      models:
        gpt:
          targets: [ { provider: up, model: gpt-4o-2024-08-06 } ]
          retries: 0
          price: { input_per_mtok: 2.0, output_per_mtok: 8.0, cached_input_per_mtok: 0.5 }
        cached:
          targets: [ { provider: up, model: gpt-4o-2024-08-06 } ]
          retries: 0
          cache: { mode: exact }
      """.formatted(upstream.baseUrl())).closing(upstream);
  @AutoClose
  private final OpenAIClient sdk = OpenAiSdks.client(gateway.server());

  private static String chunk(int index, String delta, String finishReason, String logprobs) {
    return "data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
        + "\"model\":\"gpt-4o-2024-08-06\",\"service_tier\":\"default\",\"choices\":[{\"index\":" + index
        + ",\"delta\":" + delta + ",\"logprobs\":" + logprobs + ",\"finish_reason\":"
        + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}],\"usage\":null}";
  }

  private static String logprob(String token, double logprob) {
    return "{\"content\":[{\"token\":\"" + token + "\",\"logprob\":" + logprob + ",\"bytes\":[" + (int) token.charAt(0)
        + "],\"top_logprobs\":[{\"token\":\"" + token + "\",\"logprob\":" + logprob + ",\"bytes\":["
        + (int) token.charAt(0) + "]}]}],\"refusal\":null}";
  }

  private static String usageChunk() {
    return "data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
        + "\"model\":\"gpt-4o-2024-08-06\",\"choices\":[],\"usage\":" + USAGE + "}";
  }

  /** Two choices, interleaved, with log probabilities, then the usage chunk the gateway always asks for. */
  private static List<String> twoChoices() {
    return List.of(
        chunk(0, "{\"role\":\"assistant\",\"content\":\"Yes\"}", null, logprob("Yes", -0.25)),
        chunk(1, "{\"role\":\"assistant\",\"content\":\"No\"}", null, logprob("No", -1.5)),
        chunk(0, "{}", "stop", "null"),
        chunk(1, "{}", "length", "null"),
        usageChunk(),
        "data: [DONE]");
  }

  private static ChatCompletionCreateParams.Builder twoChoicesAsked(String model) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage("Yes or no?").n(2).logprobs(true)
        .topLogprobs(1);
  }

  /** The chunks of a stream, read to its end, and the trace id the answer named. */
  private record Read(List<ChatCompletionChunk> chunks, String traceId) {

    Map<Long, String> texts() {
      Map<Long, String> texts = new TreeMap<>();
      chunks.forEach(c -> c.choices().forEach(choice -> choice.delta().content()
          .ifPresent(t -> texts.merge(choice.index(), t, String::concat))));
      return texts;
    }
  }

  private Read stream(ChatCompletionCreateParams params) {
    HttpResponseFor<StreamResponse<ChatCompletionChunk>> raw =
        sdk.chat().completions().withRawResponse().createStreaming(params);
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = raw.parse()) {
      stream.stream().forEach(chunks::add);
    }
    return new Read(chunks, raw.headers().values("x-apprentice-trace-id").getFirst());
  }

  @Test
  void everyChoiceOfAStreamReachesTheSdkWithItsLogprobsAndTheUsageIsBookedOnce() {
    upstream.sse(twoChoices());

    Read read = stream(twoChoicesAsked("gpt")
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build());

    assertThat(read.texts()).containsExactly(Map.entry(0L, "Yes"), Map.entry(1L, "No"));
    assertThat(read.chunks()).flatMap(ChatCompletionChunk::choices)
        .filteredOn(choice -> choice.delta().content().isPresent())
        .extracting(choice -> choice.logprobs().orElseThrow().content().orElseThrow().getFirst().logprob())
        .containsExactly(-0.25, -1.5);
    assertThat(read.chunks()).flatMap(ChatCompletionChunk::choices)
        .extracting(choice -> choice.finishReason().map(f -> f.asString()).orElse(null)).contains("stop", "length");
    ChatCompletionChunk last = read.chunks().getLast();
    assertThat(last.choices()).isEmpty();
    assertThat(last.usage()).hasValueSatisfying(usage -> {
      assertThat(usage.completionTokens()).isEqualTo(100);
      assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).hasValue(800L);
      assertThat(usage.completionTokensDetails().orElseThrow().reasoningTokens()).hasValue(10L);
    });
    assertThat(read.chunks()).filteredOn(c -> c.usage().isPresent()).hasSize(1);
    assertThat(read.chunks().getFirst().serviceTier()).hasValueSatisfying(t -> assertThat(t.asString()).isEqualTo("default"));

    JsonNode trace = gateway.admin().trace(read.traceId());
    assertThat(trace.path("input_tokens").asInt()).isEqualTo(1000);
    assertThat(trace.path("output_tokens").asInt()).isEqualTo(100);
    assertThat(trace.path("cached_input_tokens").asInt()).isEqualTo(800);
    // 200 prompt tokens at $2, 800 cached at $0.50, 100 completion tokens (10 of them reasoning) at $8 per million
    assertThat(trace.path("cost_usd").asDouble()).isCloseTo(0.0016, within(1e-12));
    JsonNode sent = RawHttp.json(upstream.takeRequest().body());
    assertThat(sent.path("n").asInt()).isEqualTo(2);
    assertThat(sent.path("logprobs").asBoolean()).isTrue();
    assertThat(sent.path("top_logprobs").asInt()).isEqualTo(1);
  }

  @Test
  void withoutIncludeUsageNoChunkCarriesUsageThoughTheCallIsBookedFromIt() {
    upstream.sse(twoChoices());

    Read read = stream(twoChoicesAsked("gpt").build());

    assertThat(read.texts()).containsExactly(Map.entry(0L, "Yes"), Map.entry(1L, "No"));
    assertThat(read.chunks()).allSatisfy(c -> {
      assertThat(c.usage()).isEmpty();
      assertThat(c.choices()).isNotEmpty();
    });
    assertThat(gateway.admin().trace(read.traceId()).path("output_tokens").asInt()).isEqualTo(100);
  }

  @Test
  void usageAServerPutsOnItsLastChoiceChunkAlsoComesAsTheUsageChunkBeforeDone() {
    // Mistral's shape: the usage rides on the chunk with the finish reason, and no chunk of usage alone follows
    upstream.sse(List.of(
        chunk(0, "{\"role\":\"assistant\",\"content\":\"Hi\"}", null, "null"),
        chunk(0, "{}", "stop", "null").replace("\"usage\":null", "\"usage\":" + USAGE),
        "data: [DONE]"));

    Read read = stream(ChatCompletionCreateParams.builder().model("gpt").addUserMessage("Hi")
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build());

    ChatCompletionChunk last = read.chunks().getLast();
    assertThat(last.choices()).isEmpty();
    assertThat(last.id()).isEqualTo("chatcmpl-s");
    assertThat(last.usage()).hasValueSatisfying(usage -> assertThat(usage.totalTokens()).isEqualTo(1100));
    assertThat(read.texts()).containsExactly(Map.entry(0L, "Hi"));
  }

  @Test
  void aCachedAnswerOfTwoChoicesIsReplayedWithBothAsJsonAndAsAStream() {
    upstream.sse(twoChoices());
    ChatCompletionCreateParams asked = ChatCompletionCreateParams.builder().model("cached").addUserMessage("Yes or no?")
        .n(2).temperature(0.0).build();
    Read first = stream(asked);
    assertThat(first.texts()).containsExactly(Map.entry(0L, "Yes"), Map.entry(1L, "No"));
    gateway.admin().awaitCacheEntries(1);

    HttpResponseFor<ChatCompletion> json = sdk.chat().completions().withRawResponse().create(asked);
    Read replayed = stream(asked);

    assertThat(json.headers().values("x-apprentice-cache")).containsExactly("exact");
    assertThat(json.parse().choices()).extracting(c -> c.index(), c -> c.message().content().orElse(null),
        c -> c.finishReason().asString())
        .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, "Yes", "stop"),
            org.assertj.core.groups.Tuple.tuple(1L, "No", "length"));
    assertThat(replayed.texts()).containsExactly(Map.entry(0L, "Yes"), Map.entry(1L, "No"));
    assertThat(replayed.chunks()).flatMap(ChatCompletionChunk::choices)
        .extracting(choice -> choice.finishReason().map(f -> f.asString()).orElse(null)).contains("stop", "length");
    assertThat(replayed.chunks()).allSatisfy(c -> assertThat(c.usage()).isEmpty());
    assertThat(upstream.requestCount()).isEqualTo(1);
  }
}
