package dev.apprentice.providers.openai;

import static dev.apprentice.providers.openai.OpenAiProviderTest.context;
import static dev.apprentice.providers.openai.OpenAiProviderTest.request;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.testing.FakeUpstream;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The error bodies OpenAI-compatible servers write besides OpenAI's {@code {"error": {"message": ...}}}, each read
 * for the server's own words: the failure's message, and what a client is told of a request it refused.
 */
class OpenAiErrorBodiesTest {

  private final FakeUpstream upstream = new FakeUpstream();
  private final OpenAiProvider provider = new OpenAiProvider("local", upstream.baseUrl(), null, Map.of(),
      OpenAiProviderContractTest.CLIENT);

  @AfterEach
  void stopUpstream() {
    upstream.close();
  }

  private void failsWith(Consumer<ProviderException> check) {
    assertThatThrownBy(() -> provider.chat(request(), context()))
        .isInstanceOfSatisfying(ProviderException.class, check);
  }

  @Test
  void mistralsValidationErrorWithItsDetailInsideTheMessageIsRelayedAsTheFieldAndWhatIsWrongWithIt() {
    // https://github.com/dnakov/anon-kode/issues/53 (Mistral's API, 422 to stream_options.include_usage)
    upstream.json(422, "{\"object\":\"error\",\"message\":{\"detail\":[{\"type\":\"extra_forbidden\",\"loc\":[\"body\","
        + "\"stream_options\",\"include_usage\"],\"msg\":\"Extra inputs are not permitted\",\"input\":true,\"url\":"
        + "\"https://errors.pydantic.dev/2.10/v/extra_forbidden\"}]},\"type\":\"invalid_request_error\",\"param\":null,"
        + "\"code\":null}");

    failsWith(e -> {
      assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
      assertThat(e.getMessage())
          .isEqualTo("local answered HTTP 422: stream_options.include_usage: Extra inputs are not permitted");
      assertThat(e.upstreamError().message())
          .isEqualTo("stream_options.include_usage: Extra inputs are not permitted");
    });
  }

  @Test
  void mistralsOlderValidationErrorWithItsDetailAsJsonTextInTheMessageIsReadToo() {
    // https://github.com/mistralai/platform-docs-public/issues/7 (422 to frequency_penalty, January 2024)
    upstream.json(422, "{\"object\":\"error\",\"message\":\"{\\\"detail\\\":[{\\\"type\\\":\\\"extra_forbidden\\\","
        + "\\\"loc\\\":[\\\"body\\\",\\\"frequency_penalty\\\"],\\\"msg\\\":\\\"Extra inputs are not permitted\\\","
        + "\\\"input\\\":0.0,\\\"url\\\":\\\"https://errors.pydantic.dev/2.5/v/extra_forbidden\\\"}]}\","
        + "\"type\":\"internal_error_proxy\",\"param\":null,\"code\":\"1000\"}");

    failsWith(e -> assertThat(e.upstreamError().message())
        .isEqualTo("frequency_penalty: Extra inputs are not permitted"));
  }

  @Test
  void aFastApiDetailListOfSeveralProblemsNamesEachFieldWithItsProblem() {
    // FastAPI's RequestValidationError body (https://fastapi.tiangolo.com/tutorial/handling-errors/), as servers
    // built on it answer (Mistral's tools error: https://github.com/partITech/php-mistral/issues/76)
    upstream.json(422, "{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\",\"messages\"],\"msg\":\"Field required\","
        + "\"input\":{}},{\"type\":\"float_parsing\",\"loc\":[\"body\",\"temperature\"],"
        + "\"msg\":\"Input should be a valid"
        + " number\",\"input\":\"hot\"}]}");

    failsWith(e -> assertThat(e.upstreamError().message())
        .isEqualTo("messages: Field required; temperature: Input should be a valid number"));
  }

  @Test
  void aFastApiDetailStringIsTheMessage() {
    // FastAPI's HTTPException body, {"detail": "..."} (https://fastapi.tiangolo.com/tutorial/handling-errors/)
    upstream.json(404, "{\"detail\":\"Not Found\"}");

    failsWith(e -> {
      assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
      assertThat(e.getMessage()).isEqualTo("local answered HTTP 404: Not Found");
    });
  }

  @Test
  void groqsTokensPerMinuteLimitAnsweredWith413FallsBackWithoutRetryInsteadOfBlamingTheRequest() {
    // Groq's free tier (https://github.com/assafelovic/gpt-researcher/issues/985, continuedev/continue#10218)
    upstream.json(413, "{\"error\":{\"message\":\"Request too large for model `llama-3.1-70b-versatile` in"
        + " organization"
        + " `org_01hw8f0aa0ekmrn70ffm2zkdv1` on tokens per minute (TPM): Limit 6000, Requested 14368, please reduce your"
        + " message size and try again. Visit https://console.groq.com/docs/rate-limits for more information.\","
        + "\"type\":\"tokens\",\"code\":\"rate_limit_exceeded\"}}");
    upstream.json(413, "{\"error\":{\"message\":\"Payload too large\",\"type\":\"invalid_request_error\"}}");
    upstream.json(400, "{\"error\":{\"message\":\"Too many tokens\",\"code\":\"rate_limit_exceeded\"}}");

    failsWith(e -> {
      assertThat(e.kind()).isEqualTo(Kind.OVER_TARGET_LIMIT);
      assertThat(e.kind().fallbackAllowed()).isTrue();
      assertThat(e.kind().retriable()).isFalse();
      assertThat(e.getMessage()).contains("tokens per minute (TPM): Limit 6000, Requested 14368");
    });
    failsWith(e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST));
    failsWith(e -> assertThat(e.kind()).as("only a 413 is over the tier").isEqualTo(Kind.INVALID_REQUEST));
  }

  @Test
  void ollamasErrorStringAndVllmsFlatErrorAreReadAsBefore() {
    // Ollama (https://github.com/ollama/ollama/blob/main/docs/api.md#errors): {"error": "text"};
    // vLLM's ErrorResponse (vllm/entrypoints/openai/protocol.py): {"object":"error","message":...,"code":400}
    upstream.json(404, "{\"error\":\"model \\\"llama9\\\" not found, try pulling it first\"}");
    upstream.json(400, "{\"object\":\"error\",\"message\":\"This model's maximum context length is 4096 tokens.\","
        + "\"type\":\"BadRequestError\",\"param\":null,\"code\":400}");

    failsWith(e -> assertThat(e.getMessage()).endsWith("model \"llama9\" not found, try pulling it first"));
    failsWith(e -> assertThat(e.upstreamError().message())
        .isEqualTo("This model's maximum context length is 4096 tokens."));
  }
}
