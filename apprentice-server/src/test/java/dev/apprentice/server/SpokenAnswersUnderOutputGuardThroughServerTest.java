package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * An answer asked for as audio ({@code modalities: ["text", "audio"]}) is spoken data no scanner reads: a model whose
 * output guard redacts or blocks values refuses it before any upstream is asked, rather than let a value through in
 * the audio and its transcript; a guard that only flags vouches for nothing, and lets it go on.
 */
class SpokenAnswersUnderOutputGuardThroughServerTest {

  private static final String AUDIO_ANSWER = """
      {"id":"c","object":"chat.completion","created":1,"model":"gpt-4o-audio-preview","choices":[{"index":0,
        "message":{"role":"assistant","content":null,"audio":{"id":"audio_1","data":"UklGRg==","expires_at":1,
        "transcript":"Write to carol.ng@acme-bank.example.org"}},"finish_reason":"stop"}],
       "usage":{"prompt_tokens":5,"completion_tokens":5,"total_tokens":10}}""";
  private static final String SPOKEN = "{\"model\":\"%s\",\"modalities\":[\"text\",\"audio\"],"
      + "\"audio\":{\"voice\":\"alloy\",\"format\":\"wav\"},\"messages\":[{\"role\":\"user\",\"content\":\"Who?\"}]}";

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.onOpenAiUpstream(upstream, """
      blocking:
        targets: [ { provider: up, model: gpt-4o-audio-preview } ]
        retries: 0
        guard: { output: { pii: block } }
      flagging:
        targets: [ { provider: up, model: gpt-4o-audio-preview } ]
        retries: 0
        guard: { output: { pii: flag } }
      """);

  @Test
  void aModelWhoseOutputGuardBlocksValuesRefusesAnAnswerAskedForAsAudioBeforeAnyUpstreamIsAsked() {
    upstream.json(200, AUDIO_ANSWER);

    HttpResponse<String> response = gateway.http().post("/v1/chat/completions", null, SPOKEN.formatted("blocking"));

    assertError(response, 400, "invalid_request_error", null, "modalities");
    assertThat(response.body()).contains("asks for audio, which the output guard of model 'blocking' cannot read");
    assertThat(upstream.requestCount()).isZero();
  }

  @Test
  void theResponsesApiRefusesAnAnswerAskedForAsAudioTheSameWay() {
    upstream.json(200, AUDIO_ANSWER);

    HttpResponse<String> response = gateway.http().post("/v1/responses", null,
        "{\"model\":\"blocking\",\"modalities\":[\"text\",\"audio\"],\"input\":\"Who?\"}");

    assertError(response, 400, "invalid_request_error", null, "modalities");
    assertThat(upstream.requestCount()).isZero();
  }

  @Test
  void aModelWhoseOutputGuardOnlyFlagsLetsAnAnswerAskedForAsAudioGoOn() {
    upstream.json(200, AUDIO_ANSWER);

    HttpResponse<String> response = gateway.http().post("/v1/chat/completions", null, SPOKEN.formatted("flagging"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(upstream.requestCount()).isEqualTo(1);
  }
}
