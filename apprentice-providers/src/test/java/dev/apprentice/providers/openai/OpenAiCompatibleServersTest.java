package dev.apprentice.providers.openai;

import static dev.apprentice.providers.openai.OpenAiProviderTest.context;
import static dev.apprentice.providers.openai.OpenAiProviderTest.drain;
import static dev.apprentice.providers.openai.OpenAiProviderTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.testing.FakeUpstream;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What OpenAI-compatible servers other than OpenAI write, byte for byte as their sources or users show it (each
 * test names where), read as what it means: an answer, its usage and reasoning, or the failure it reports.
 */
class OpenAiCompatibleServersTest {

  private final FakeUpstream upstream = new FakeUpstream();
  private final OpenAiProvider provider = new OpenAiProvider("local", upstream.baseUrl(), null, Map.of(),
      OpenAiProviderContractTest.CLIENT);

  @AfterEach
  void stopUpstream() {
    upstream.close();
  }

  /** Raw SSE body bytes, exactly as given (line ends included). */
  private void sseBody(String body) {
    upstream.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
        .body(body).build());
  }

  private static String chunk(String choices, String rest) {
    return "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":" + choices
        + rest + "}";
  }

  @Test
  void llamaCppsStreamErrorLineFailsTheStreamWithTheServersWordsAndStatus() throws Exception {
    // llama.cpp server (tools/server/utils.hpp, server_sent_event(sink, "error", ...)): a failure after the 200 is
    // written as an SSE line of its own field name, "error: {json}", followed by data: [DONE]
    sseBody("error: {\"code\":400,\"message\":\"the request exceeds the available context size, try increasing it\","
        + "\"type\":\"exceed_context_size_error\"}\n\ndata: [DONE]\n\n");
    ChunkStream stream = provider.stream(request(), context());

    assertThatThrownBy(() -> drain(stream)).isInstanceOfSatisfying(ProviderException.class, e -> {
      assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
      assertThat(e.getMessage()).contains("the request exceeds the available context size");
      assertThat(e.upstreamError().message()).contains("the request exceeds the available context size");
    });
  }

  @Test
  void anEmptyFinishReasonOnEveryChunkIsNoFinishSoAStreamCutShortIsNotTakenForAnAnswer() throws Exception {
    // Ollama's chunks as https://github.com/ollama/ollama/issues/4357 shows them ("finish_reason":"" until the end;
    // SGLang 0.4.3 and LocalAI 2.26 alike: sgl-project/sglang#3912, mudler/LocalAI#5102), then the connection drops
    String ollama = "data: {\"id\":\"chatcmpl-693\",\"object\":\"chat.completion.chunk\",\"created\":1715427619,"
        + "\"model\":\"mistral:latest\",\"system_fingerprint\":\"fp_ollama\",\"choices\":[{\"index\":0,\"delta\":"
        + "{\"role\":\"assistant\",\"content\":\"%s\"},\"finish_reason\":\"\"}]}\n\n";
    sseBody(ollama.formatted(" Hello") + ollama.formatted(" there"));
    ChunkStream stream = provider.stream(request(), context());

    ChatChunk first = stream.next();
    assertThat(first.choices().getFirst().finishReason()).isNull();
    assertThat(stream.lastChunkJson()).as("re-encoded, with null for the empty finish reason").isNull();
    stream.next();
    assertThatThrownBy(stream::next).isInstanceOfSatisfying(ProviderException.class, e -> {
      assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE);
      assertThat(e.getMessage()).contains("stream ended before [DONE]");
    });
    stream.close();
  }

  @Test
  void aChoiceThatFinishesWithErrorIsAServerErrorStreamedOrNotNotAnAnswer() throws Exception {
    // Mistral's API ends a failed generation with "finish_reason": "error" and nothing else
    // (https://github.com/mistralai/client-python/issues/74; its finish_reason enum lists "error")
    upstream.json(200, "{\"id\":\"cmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"mistral-medium\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Par\"},"
        + "\"finish_reason\":\"error\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1,\"total_tokens\":10}}");
    sseBody("data: " + chunk("[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Par\"},"
        + "\"finish_reason\":null}]", "") + "\n\ndata: " + chunk("[{\"index\":0,\"delta\":{\"content\":\"\"},"
        + "\"finish_reason\":\"error\"}]", "") + "\n\ndata: [DONE]\n\n");

    assertThatThrownBy(() -> provider.chat(request(), context())).isInstanceOfSatisfying(ProviderException.class,
        e -> {
          assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
          assertThat(e.getMessage()).contains("finish_reason \"error\"");
        });
    try (ChunkStream stream = provider.stream(request(), context())) {
      assertThat(stream.next().choices().getFirst().delta().content()).isEqualTo("Par");
      assertThatThrownBy(stream::next).isInstanceOfSatisfying(ProviderException.class, e -> {
        assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(e.getMessage()).contains("mid-stream").contains("finish_reason \"error\"");
      });
    }
  }

  @Test
  void dataLinesWithoutASpaceCrLfLineEndsAndKeepAliveCommentsReadAsUsual() throws Exception {
    // OpenRouter's keep-alive comments (https://openrouter.ai/docs/api-reference/streaming: ": OPENROUTER PROCESSING"),
    // "data:" without the optional space and CRLF line ends, all allowed by the SSE spec
    sseBody(": OPENROUTER PROCESSING\r\n\r\ndata:" + chunk("[{\"index\":0,\"delta\":{\"content\":\"Hi\"},"
        + "\"finish_reason\":null}]", "") + "\r\n\r\n: OPENROUTER PROCESSING\r\n\r\ndata:" + chunk(
        "[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]", ",\"usage\":{\"prompt_tokens\":5,"
        + "\"completion_tokens\":1,\"total_tokens\":6,\"cost\":0.00012}") + "\r\n\r\ndata:[DONE]\r\n\r\n");

    List<ChatChunk> chunks = drain(provider.stream(request(), context()));

    assertThat(chunks).hasSize(2);
    assertThat(chunks.getFirst().choices().getFirst().delta().content()).isEqualTo("Hi");
    assertThat(chunks.getLast().usage().promptTokens()).isEqualTo(5);
    assertThat(chunks.getLast().usage().extra()).containsEntry("cost", 0.00012);
  }

  @Test
  void usageNullOnEveryChunkAndChunksWithNoChoicesAreReadAsNoUsageYet() throws Exception {
    // vLLM and SGLang write "usage":null on each chunk when include_usage is on, and an empty choices list on the last
    sseBody("data: " + chunk("[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,"
        + "\"finish_reason\":null}]", ",\"usage\":null") + "\n\ndata: " + chunk("[{\"index\":0,\"delta\":"
        + "{\"content\":\"ok\"},\"logprobs\":null,\"finish_reason\":\"stop\",\"stop_reason\":null}]", ",\"usage\":null")
        + "\n\ndata: " + chunk("[]", ",\"usage\":{\"prompt_tokens\":7,\"total_tokens\":8,\"completion_tokens\":1}")
        + "\n\ndata: [DONE]\n\n");

    List<ChatChunk> chunks = drain(provider.stream(request(), context()));

    assertThat(chunks).hasSize(3);
    assertThat(chunks.get(1).usage()).isNull();
    assertThat(chunks.getLast().usageOnly()).isTrue();
    assertThat(chunks.getLast().usage().totalTokens()).isEqualTo(8);
  }

  @Test
  void llamaCppsLastChunkCarriesTheUsageBesideItsFinishAndTimingsWithNoIdOrModel() throws Exception {
    // llama.cpp server, to_json_oaicompat_chat_stream (before include_usage was honoured): the finishing chunk holds
    // the usage, and "timings" beside it (tools/server/server.cpp)
    sseBody("data: {\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":{\"content\":\"Hi\"}}],\"created\":1,"
        + "\"id\":\"chatcmpl-1\",\"model\":\"gpt-3.5-turbo\",\"object\":\"chat.completion.chunk\"}\n\n"
        + "data: {\"choices\":[{\"finish_reason\":\"stop\",\"index\":0,\"delta\":{}}],\"created\":1,"
        + "\"object\":\"chat.completion.chunk\",\"usage\":{\"completion_tokens\":1,\"prompt_tokens\":11,"
        + "\"total_tokens\":12},\"timings\":{\"prompt_n\":11,\"predicted_n\":1,\"predicted_per_second\":40.2}}\n\n"
        + "data: [DONE]\n\n");

    List<ChatChunk> chunks = drain(provider.stream(request(), context()));

    assertThat(chunks.getLast().usage().promptTokens()).isEqualTo(11);
    assertThat(chunks.getLast().extra()).containsKey("timings");
  }

  @Test
  void groqsUsageInXGroqOnTheLastChunkIsTheStreamsUsageWhenNoOtherComes() throws Exception {
    // Groq's last chunk (https://github.com/vercel/ai/issues/1651): the usage under x_groq, none in "usage"
    sseBody("data: " + chunk("[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"logprobs\":null,\"finish_reason\":null}]",
        "") + "\n\ndata: {\"id\":\"chatcmpl-8566e76f\",\"object\":\"chat.completion.chunk\",\"created\":1716131679,"
        + "\"model\":\"llama3-8b-8192\",\"system_fingerprint\":\"fp_179b0f92c9\","
        + "\"choices\":[{\"index\":0,\"delta\":{},"
        + "\"logprobs\":null,\"finish_reason\":\"stop\"}],\"x_groq\":{\"id\":\"req_01hy8ppkajfqk987jv2vx88m9r\","
        + "\"usage\":{\"queue_time\":0.07535312,\"prompt_tokens\":23,\"prompt_time\":0.006,\"completion_tokens\":19,"
        + "\"completion_time\":0.022,\"total_tokens\":42,\"total_time\":0.027999999999999997}}}\n\ndata: [DONE]\n\n");

    List<ChatChunk> chunks = drain(provider.stream(request(), context()));

    assertThat(chunks.getLast().usage().promptTokens()).isEqualTo(23);
    assertThat(chunks.getLast().usage().completionTokens()).isEqualTo(19);
    assertThat(chunks.getFirst().usage()).isNull();
  }

  @Test
  void reasoningInTheMessageAndInDeltasIsKeptUnderTheServersOwnName() throws Exception {
    // DeepSeek's API and older vLLM: "reasoning_content" (https://api-docs.deepseek.com/guides/reasoning_model);
    // newer vLLM and Ollama: "reasoning" (https://docs.vllm.ai/en/latest/features/reasoning_outputs.html,
    // vllm-project/vllm#27755)
    upstream.json(200, "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\","
        + "\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":\"9.11 < 9.8\",\"reasoning_content\":\"Compare decimals.\"},"
        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":20,\"total_tokens\":29}}");
    sseBody("data: " + chunk("[{\"index\":0,\"delta\":{\"reasoning\":\"Compare\"},\"finish_reason\":null}]", "")
        + "\n\ndata: " + chunk("[{\"index\":0,\"delta\":{\"reasoning\":\" decimals.\"},\"finish_reason\":null}]", "")
        + "\n\ndata: " + chunk("[{\"index\":0,\"delta\":{\"content\":\"9.11 < 9.8\"},\"finish_reason\":\"stop\"}]", "")
        + "\n\ndata: [DONE]\n\n");

    ChatResponse answer = provider.chat(request(), context());
    List<ChatChunk> chunks = drain(provider.stream(request(), context()));

    assertThat(answer.choices().getFirst().message().extra()).containsEntry("reasoning_content", "Compare decimals.");
    assertThat(chunks.get(1).choices().getFirst().delta().extra()).containsEntry("reasoning", " decimals.");
  }

  @Test
  void aStreamRequestAnsweredWithAJsonErrorFailsWithTheServersWordsNotAsAStreamCutShort() throws Exception {
    // a server that reports a failure to a stream request as one JSON body with a 200 (OpenAI-style proxies)
    upstream.json(200, "{\"error\":{\"message\":\"Rate limit reached for requests\",\"type\":\"requests\","
        + "\"code\":\"rate_limit_exceeded\"}}");

    assertThatThrownBy(() -> provider.stream(request(), context())).isInstanceOfSatisfying(ProviderException.class,
        e -> {
          assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
          assertThat(e.getMessage()).contains("Rate limit reached for requests").doesNotContain("[DONE]");
        });
  }

  @Test
  void aStreamRequestAnsweredWithAWholeJsonCompletionIsPlayedAsTheStreamOfThatAnswer() throws Exception {
    // a server that ignores "stream": true and answers as if unstreamed
    upstream.json(200, "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello\"},"
        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}");

    List<ChatChunk> chunks = drain(provider.stream(request(), context()));

    assertThat(chunks.getFirst().choices().getFirst().delta().content()).isEqualTo("Hello");
    assertThat(chunks.get(1).choices().getFirst().finishReason()).isEqualTo("stop");
    assertThat(chunks.getLast().usage().totalTokens()).isEqualTo(4);
  }

  @Test
  void eventsSentUnderAJsonContentTypeAreReadAsEvents() throws Exception {
    upstream.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body("data: " + chunk("[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]", "")
            + "\n\ndata: [DONE]\n\n").build());

    List<ChatChunk> chunks = drain(provider.stream(request(), context()));

    assertThat(chunks).singleElement().satisfies(c -> assertThat(c.choices().getFirst().delta().content())
        .isEqualTo("Hi"));
  }
}
