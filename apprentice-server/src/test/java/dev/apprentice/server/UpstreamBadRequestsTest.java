package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A request an OpenAI-type upstream refuses (400) reaches the client as the upstream put it — its message, {@code param}
 * and {@code code}, under the error table's 400 {@code invalid_request_error} — so that an SDK user can act on
 * {@code context_length_exceeded} as against OpenAI itself; and it is the request's fault, so it is neither retried,
 * nor failed over, nor counted against the target's circuit.
 */
class UpstreamBadRequestsTest {

  private static final String CONTEXT_TOO_LONG = "This model's maximum context length is 128000 tokens. However, your "
      + "messages resulted in 131072 tokens (130000 in the messages, 1072 in the functions). Please reduce the length "
      + "of the messages or functions.";

  private final FakeUpstream upstream = new FakeUpstream();
  private final FakeUpstream backup = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        up: { type: openai, base_url: "%s", api_key: sk-upstream }
        backup: { type: openai, base_url: "%s", api_key: sk-backup }
      models:
        gpt:
          targets: [ { provider: up, model: gpt-4o-2024-08-06 }, { provider: backup, model: gpt-4o-2024-08-06 } ]
          retries: 2
          circuit_breaker: { minimum_calls: 2 }
        embed:
          targets: [ { provider: up, model: text-embedding-3-small }, { provider: backup, model: text-embedding-3-small } ]
          retries: 2
      """.formatted(upstream.baseUrl(), backup.baseUrl())).closing(upstream, backup);
  @AutoClose
  private final OpenAIClient sdk = OpenAiSdks.client(gateway.server());

  private static String openAiError(String message, String param, String code) {
    return "{\"error\":{\"message\":\"%s\",\"type\":\"invalid_request_error\",\"param\":%s,\"code\":%s}}".formatted(
        message, param == null ? "null" : "\"" + param + "\"", code == null ? "null" : "\"" + code + "\"");
  }

  /** The {@code message} of the error as the SDK parsed it. */
  private static String message(BadRequestException e) {
    return String.valueOf(e.body().convert(java.util.Map.class).get("message"));
  }

  private static ChatCompletionCreateParams ask(String text) {
    return ChatCompletionCreateParams.builder().model("gpt").addUserMessage(text).build();
  }

  @Test
  void aContextLengthErrorReachesTheSdkWithTheUpstreamsCodeParamAndWholeMessage() {
    upstream.json(400, openAiError(CONTEXT_TOO_LONG, "messages", "context_length_exceeded"));

    assertThatThrownBy(() -> sdk.chat().completions().create(ask("a very long prompt")))
        .isInstanceOfSatisfying(BadRequestException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.type()).hasValue("invalid_request_error");
          assertThat(e.code()).hasValue("context_length_exceeded");
          assertThat(e.param()).hasValue("messages");
          assertThat(message(e)).isEqualTo(CONTEXT_TOO_LONG);
        });
    assertThat(upstream.requestCount()).as("not retried").isEqualTo(1);
    assertThat(backup.requestCount()).as("not failed over").isZero();
  }

  @Test
  void aStreamTheUpstreamRefusesIsTheSameErrorBeforeAnyEvent() {
    upstream.json(400, openAiError("Invalid value for 'top_logprobs': must be between 0 and 20.", "top_logprobs",
        "invalid_value"));

    assertThatThrownBy(() -> sdk.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
        .model("gpt").addUserMessage("Hi").logprobs(true).topLogprobs(99).build()).stream().count())
        .isInstanceOfSatisfying(BadRequestException.class, e -> {
          assertThat(e.code()).hasValue("invalid_value");
          assertThat(e.param()).hasValue("top_logprobs");
        });
    assertThat(backup.requestCount()).isZero();
  }

  @Test
  void refusedRequestsDoNotOpenTheTargetsCircuit() {
    for (int i = 0; i < 4; i++) upstream.json(400, openAiError("Invalid 'seed'", "seed", null));
    upstream.json(200, UpstreamAnswers.COMPLETION);

    for (int i = 0; i < 4; i++) {
      assertError(new RawHttp(gateway.server()).post("/v1/chat/completions",
          "{\"model\":\"gpt\",\"seed\":1,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"),
          400, "invalid_request_error", null, "seed");
    }
    HttpResponse<String> served = new RawHttp(gateway.server()).post("/v1/chat/completions",
        "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.headers().firstValue("x-apprentice-served-by")).hasValue("up/gpt-4o-2024-08-06");
    assertThat(upstream.requestCount()).isEqualTo(5);
    assertThat(backup.requestCount()).isZero();
  }

  @Test
  void anEmbeddingsRefusalNamesTheParameterTheUpstreamBlamed() {
    upstream.json(400, openAiError("This model does not support specifying dimensions.", "dimensions", null));

    assertThatThrownBy(() -> sdk.embeddings().create(EmbeddingCreateParams.builder().model("embed").input("text")
        .dimensions(256).build()))
        .isInstanceOfSatisfying(BadRequestException.class, e -> {
          assertThat(e.param()).hasValue("dimensions");
          assertThat(message(e)).isEqualTo("This model does not support specifying dimensions.");
        });
    assertThat(backup.requestCount()).isZero();
  }

  @Test
  void anOpenAiCompatibleServersFlatErrorKeepsItsMessageButNotItsNumericCode() {
    // vLLM's shape: no "error" wrapper, the HTTP status as the code
    upstream.json(400, "{\"object\":\"error\",\"message\":\"max_tokens must be at least 1, got -1.\","
        + "\"type\":\"BadRequestError\",\"param\":\"max_tokens\",\"code\":400}");

    JsonNode error = assertError(new RawHttp(gateway.server()).post("/v1/chat/completions",
        "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"),
        400, "invalid_request_error", null, "max_tokens");
    assertThat(error.path("message").asText()).isEqualTo("max_tokens must be at least 1, got -1.");
  }
}
