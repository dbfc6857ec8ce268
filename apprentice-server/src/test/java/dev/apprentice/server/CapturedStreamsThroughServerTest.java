package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A streamed answer is traced (under {@code traces.capture: full}) and cached as the answer it spells, with what a
 * non-streamed answer of the same content holds beside the message: its log probabilities, the fields of its choices
 * and of the answer that the gateway does not read, {@code service_tier}.
 */
class CapturedStreamsThroughServerTest {

  private static final String HEAD = "\"id\":\"chatcmpl-9\",\"created\":1700000000,\"model\":\"gpt-4o-mini\","
      + "\"system_fingerprint\":\"fp_9\",\"service_tier\":\"default\"";
  private static final String HEL = "{\"token\":\"Hel\",\"logprob\":-0.25,\"bytes\":[72,101,108],\"top_logprobs\":[]}";
  private static final String LO = "{\"token\":\"lo\",\"logprob\":-0.5,\"bytes\":[108,111],\"top_logprobs\":[]}";
  private static final String FILTERED = "\"content_filter_results\":{\"hate\":{\"filtered\":false,\"severity\":\"safe\"}}";

  private final FakeUpstream openai = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        oai: { type: openai, base_url: "%s", api_key: sk-upstream }
      models:
        gpt:
          targets: [ { provider: oai, model: gpt-4o-mini } ]
          retries: 0
        cached-gpt:
          targets: [ { provider: oai, model: gpt-4o-mini } ]
          cache: { mode: exact }
      """.formatted(openai.baseUrl())).closing(openai);

  private void streamed(String logprobs) {
    String hel = logprobs.isEmpty() ? "" : ",\"logprobs\":{\"content\":[" + HEL + "],\"refusal\":null}";
    String lo = logprobs.isEmpty() ? "" : ",\"logprobs\":{\"content\":[" + LO + "],\"refusal\":null}";
    openai.sse(List.of(
        "data: {" + HEAD + ",\"object\":\"chat.completion.chunk\",\"obfuscation\":\"k3\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"}" + hel + ",\"finish_reason\":null," + FILTERED + "}]}",
        "data: {" + HEAD + ",\"object\":\"chat.completion.chunk\",\"obfuscation\":\"Qa\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"content\":\"lo\"}" + lo + ",\"finish_reason\":null," + FILTERED + "}]}",
        "data: {" + HEAD + ",\"object\":\"chat.completion.chunk\",\"obfuscation\":\"zz\",\"choices\":[{\"index\":0,"
            + "\"delta\":{},\"finish_reason\":\"stop\",\"stop_reason\":128009}]}",
        "data: [DONE]"));
  }

  private void whole() {
    openai.json(200, "{" + HEAD + ",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
        + "{\"role\":\"assistant\",\"content\":\"Hello\"},\"logprobs\":{\"content\":[" + HEL + "," + LO + "],"
        + "\"refusal\":null},\"finish_reason\":\"stop\"," + FILTERED + ",\"stop_reason\":128009}],"
        + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}");
  }

  private HttpResponse<String> call(String model, boolean stream, String more) {
    return gateway.http().post("/v1/chat/completions", null, "{\"model\":\"" + model + "\",\"stream\":" + stream
        + more + ",\"messages\":[{\"role\":\"user\",\"content\":\"say hello\"}]}");
  }

  /** The captured answer of the call, without its usage, which only the non-streamed one reported. */
  private JsonNode captured(HttpResponse<String> response) {
    JsonNode trace = gateway.admin().trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    ObjectNode answer = ((ObjectNode) trace.path("response")).deepCopy();
    answer.remove("usage");
    return answer;
  }

  @Test
  void aStreamedAnswerIsTracedAsTheSameAnswerUnstreamedWithItsLogprobsServiceTierAndChoiceFields() {
    streamed("logprobs");
    whole();

    JsonNode fromStream = captured(call("gpt", true, ",\"logprobs\":true"));
    JsonNode fromWhole = captured(call("gpt", false, ",\"logprobs\":true"));

    assertThat(fromStream).isEqualTo(fromWhole);
    assertThat(fromStream.path("service_tier").asText()).isEqualTo("default");
    assertThat(fromStream.path("choices").path(0).path("logprobs").path("content").findValuesAsText("token"))
        .containsExactly("Hel", "lo");
    assertThat(fromStream.path("choices").path(0).path("stop_reason").asInt()).isEqualTo(128009);
    assertThat(fromStream.path("choices").path(0).path("content_filter_results").path("hate").path("filtered")
        .isBoolean()).isTrue();
    assertThat(fromStream.has("obfuscation")).isFalse();
  }

  @Test
  void aStreamedAnswerKeptInTheCacheAnswersALaterUnstreamedCallWithItsServiceTierAndChoiceFields() {
    streamed("");

    call("cached-gpt", true, ",\"temperature\":0");
    gateway.admin().awaitCacheEntries(1);
    HttpResponse<String> hit = call("cached-gpt", false, ",\"temperature\":0");

    assertThat(hit.headers().firstValue("x-apprentice-cache")).hasValue("exact");
    JsonNode answer = RawHttp.json(hit.body());
    assertThat(answer.path("service_tier").asText()).isEqualTo("default");
    assertThat(answer.path("choices").path(0).path("stop_reason").asInt()).isEqualTo(128009);
    assertThat(answer.path("choices").path(0).path("message").path("content").asText()).isEqualTo("Hello");
    assertThat(openai.requestCount()).isEqualTo(1);
  }
}
