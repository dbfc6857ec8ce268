package dev.apprentice.gateway.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatResponse;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** A streamed answer, assembled for the trace and the cache, is the answer the same model would give unstreamed. */
class StreamAssemblerTest {

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final String HEAD = "\"id\":\"chatcmpl-1\",\"created\":1700000000,\"model\":\"gpt-4o-mini\","
      + "\"system_fingerprint\":\"fp_1\",\"service_tier\":\"default\"";
  private static final String HEL = "{\"token\":\"Hel\",\"logprob\":-0.25,\"bytes\":[72,101,108],\"top_logprobs\":[]}";
  private static final String LO = "{\"token\":\"lo\",\"logprob\":-0.5,\"bytes\":[108,111],\"top_logprobs\":[]}";

  @Test
  void aStreamedAnswerIsAssembledWithItsLogprobsAndTheFieldsTheGatewayDoesNotReadAsTheWholeAnswerHoldsThem()
      throws Exception {
    StreamAssembler assembler = new StreamAssembler();
    for (String chunk : List.of(
        "{" + HEAD + ",\"obfuscation\":\"x1\",\"prompt_filter_results\":[{\"prompt_index\":0}],\"choices\":[]}",
        "{" + HEAD + ",\"obfuscation\":\"x2\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
            + "\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null,\"stop_reason\":null}]}",
        "{" + HEAD + ",\"obfuscation\":\"x3\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},"
            + "\"logprobs\":{\"content\":[" + HEL + "],\"refusal\":null},\"finish_reason\":null,\"stop_reason\":null}]}",
        "{" + HEAD + ",\"obfuscation\":\"x4\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},"
            + "\"logprobs\":{\"content\":[" + LO + "],\"refusal\":null},\"finish_reason\":null,\"stop_reason\":null}]}",
        "{" + HEAD + ",\"obfuscation\":\"x5\",\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,"
            + "\"finish_reason\":\"stop\",\"stop_reason\":128009}]}")) {
      assembler.add(JSON.readValue(chunk, ChatChunk.class));
    }
    ChatResponse whole = JSON.readValue("{" + HEAD + ",\"object\":\"chat.completion\",\"prompt_filter_results\":"
        + "[{\"prompt_index\":0}],\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello\"},"
        + "\"logprobs\":{\"content\":[" + HEL + "," + LO + "],\"refusal\":null},\"finish_reason\":\"stop\","
        + "\"stop_reason\":128009}]}", ChatResponse.class);

    JsonNode assembled = JSON.readTree(TraceJson.write(assembler.response()));

    assertThat(assembled).isEqualTo(JSON.readTree(TraceJson.write(whole)));
    assertThat(assembled.has("obfuscation")).as("a stream chunk's padding").isFalse();
  }

  @Test
  void theAssembledLogprobsAreACopyThatLaterChunksDoNotChange() throws Exception {
    StreamAssembler assembler = new StreamAssembler();
    assembler.add(JSON.readValue("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},"
        + "\"logprobs\":{\"content\":[" + HEL + "]}}]}", ChatChunk.class));
    Object before = assembler.response().choices().getFirst().logprobs();

    assembler.add(JSON.readValue("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},"
        + "\"logprobs\":{\"content\":[" + LO + "]}}]}", ChatChunk.class));

    assertThat(JSON.valueToTree(before).path("content")).hasSize(1);
    assertThat(JSON.valueToTree(assembler.response().choices().getFirst().logprobs()).path("content")).hasSize(2);
  }

  @Test
  void aMessageFieldTheGatewayDoesNotReadSuchAsAnnotationsIsKeptInTheAssembledAnswer() throws Exception {
    String annotations = "[{\"type\":\"url_citation\",\"url_citation\":{\"url\":\"https://example.com/a\","
        + "\"title\":\"A\",\"start_index\":0,\"end_index\":5}}]";
    StreamAssembler assembler = new StreamAssembler();
    for (String chunk : List.of(
        "{" + HEAD + ",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hello\"}}]}",
        "{" + HEAD + ",\"choices\":[{\"index\":0,\"delta\":{\"annotations\":" + annotations + "}}]}",
        "{" + HEAD + ",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}")) {
      assembler.add(JSON.readValue(chunk, ChatChunk.class));
    }
    ChatResponse whole = JSON.readValue("{" + HEAD + ",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":\"Hello\",\"annotations\":" + annotations + "},"
        + "\"finish_reason\":\"stop\"}]}", ChatResponse.class);

    JsonNode assembled = JSON.readTree(TraceJson.write(assembler.response()));

    assertThat(assembled).isEqualTo(JSON.readTree(TraceJson.write(whole)));
  }

  @Test
  void aTextFieldTheGatewayDoesNotReadIsJoinedFromItsFragmentsAsOllamasReasoningStreams() throws Exception {
    StreamAssembler assembler = new StreamAssembler();
    for (String chunk : List.of(
        "{" + HEAD + ",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"reasoning\":\"The user \"}}]}",
        "{" + HEAD + ",\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"greets me.\"}}]}",
        "{" + HEAD + ",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"}}]}",
        "{" + HEAD + ",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}")) {
      assembler.add(JSON.readValue(chunk, ChatChunk.class));
    }
    ChatResponse whole = JSON.readValue("{" + HEAD + ",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":\"Hello\",\"reasoning\":\"The user greets me.\"},"
        + "\"finish_reason\":\"stop\"}]}", ChatResponse.class);

    JsonNode assembled = JSON.readTree(TraceJson.write(assembler.response()));

    assertThat(assembled).isEqualTo(JSON.readTree(TraceJson.write(whole)));
  }

  @Test
  void theThinkingOfAnAnswerCountsInTheEstimateOfWhatItProducedWhicheverNameItComesIn() throws Exception {
    // newer vLLM names it "reasoning" (https://docs.vllm.ai/en/latest/features/reasoning_outputs.html, RFC
    // vllm-project/vllm#27755), DeepSeek "reasoning_content" (https://api-docs.deepseek.com/guides/reasoning_model)
    StreamAssembler assembler = new StreamAssembler();
    for (String chunk : List.of(
        "{" + HEAD + ",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"reasoning\":\"Compare \"}}]}",
        "{" + HEAD + ",\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"the decimals.\"}}]}",
        "{" + HEAD + ",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"9.8\"}}]}")) {
      assembler.add(JSON.readValue(chunk, ChatChunk.class));
    }
    ChatResponse whole = JSON.readValue("{" + HEAD + ",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":\"9.8\",\"reasoning_content\":\"Compare the decimals.\"},"
        + "\"finish_reason\":\"stop\"}]}", ChatResponse.class);

    assertThat(assembler.producedText()).contains("Compare the decimals.").contains("9.8");
    assertThat(Ending.produced(whole)).contains("Compare the decimals.").contains("9.8");
    assertThat(Ending.produced(assembler.response())).contains("Compare the decimals.");
  }

  @Test
  void openRoutersReasoningDetailsStreamedInFragmentsAreJoinedByTheirIndexIntoTheWholeSignedDetails() throws Exception {
    // OpenRouter streams one thinking block as fragments sharing its index, the signature in a last one without text
    // (agno-agi/agno#8861); an encrypted block (Gemini's) comes whole, at an index of its own
    String detail = ",\"choices\":[{\"index\":0,\"delta\":{\"reasoning_details\":[%s]}}]}";
    StreamAssembler assembler = new StreamAssembler();
    for (String fragments : List.of(
        "{\"type\":\"reasoning.text\",\"text\":\"Let\",\"format\":\"anthropic-claude-v1\",\"index\":0}",
        "{\"type\":\"reasoning.text\",\"text\":\" me compute.\",\"format\":\"anthropic-claude-v1\",\"index\":0}",
        "{\"type\":\"reasoning.text\",\"signature\":\"Et8B\",\"format\":\"anthropic-claude-v1\",\"index\":0},"
            + "{\"type\":\"reasoning.encrypted\",\"data\":\"gAAA\",\"index\":1}")) {
      assembler.add(JSON.readValue("{" + HEAD + detail.formatted(fragments), ChatChunk.class));
    }
    ChatResponse whole = JSON.readValue("{" + HEAD + ",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":\"\",\"reasoning_details\":["
        + "{\"type\":\"reasoning.text\",\"text\":\"Let me compute.\",\"format\":\"anthropic-claude-v1\",\"index\":0,"
        + "\"signature\":\"Et8B\"},{\"type\":\"reasoning.encrypted\",\"data\":\"gAAA\",\"index\":1}]}}]}",
        ChatResponse.class);

    JsonNode assembled = JSON.readTree(TraceJson.write(assembler.response()));

    assertThat(assembled).isEqualTo(JSON.readTree(TraceJson.write(whole)));
  }

  @Test
  void thinkingSentUnderBothNamesCountsOnceInTheEstimate() throws Exception {
    // vLLM from vllm-project/vllm#27752 until 0.16 writes the thinking as "reasoning" and again as "reasoning_content"
    StreamAssembler assembler = new StreamAssembler();
    for (String chunk : List.of(
        "{" + HEAD + ",\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"Compare.\",\"reasoning_content\":"
            + "\"Compare.\"}}]}",
        "{" + HEAD + ",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"9.8\"}}]}")) {
      assembler.add(JSON.readValue(chunk, ChatChunk.class));
    }

    assertThat(assembler.producedText()).isEqualTo("9.8Compare.");
    assertThat(Ending.produced(assembler.response())).isEqualTo("9.8Compare.");
  }

  private static ChatResponse assembled(String... toolCallDeltas) throws Exception {
    StreamAssembler assembler = new StreamAssembler();
    for (String calls : toolCallDeltas) {
      assembler.add(JSON.readValue("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[" + calls + "]}}]}",
          ChatChunk.class));
    }
    return assembler.response();
  }

  @Test
  void oneCallStreamedInFragmentsWithoutIndexIsAssembledAsOneCall() throws Exception {
    ChatResponse response = assembled(
        "{\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"x\\\"\"}}",
        "{\"function\":{\"arguments\":\":1\"}}",
        "{\"function\":{\"arguments\":\"}\"}}");

    assertThat(response.choices().getFirst().message().toolCalls())
        .extracting(c -> c.id(), c -> c.function().name(), c -> c.function().arguments())
        .containsExactly(Tuple.tuple("call_a", "f", "{\"x\":1}"));
  }

  @Test
  void twoCallsStreamedOneAfterTheOtherWithoutIndexAreAssembledAsTwoCalls() throws Exception {
    ChatResponse response = assembled(
        "{\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\"}}",
        "{\"function\":{\"arguments\":\"}\"}}",
        "{\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"g\",\"arguments\":\"{\"}}",
        "{\"function\":{\"arguments\":\"}\"}}");

    assertThat(response.choices().getFirst().message().toolCalls())
        .extracting(c -> c.id(), c -> c.function().name(), c -> c.function().arguments())
        .containsExactly(Tuple.tuple("call_a", "f", "{}"),
            Tuple.tuple("call_b", "g", "{}"));
  }
}
