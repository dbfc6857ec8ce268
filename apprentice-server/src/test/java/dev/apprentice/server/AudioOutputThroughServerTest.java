package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAudioParam;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Spoken answers ({@code modalities: ["text", "audio"]}) are the target's to give: an OpenAI-type upstream gets the
 * request as sent and its audio reaches the client; a target that answers only in text (Anthropic, the simulator)
 * cannot serve it, so another target does, or the call is a 400 naming {@code modalities} — never a silent text-only
 * answer. Spoken answers are not cached.
 */
class AudioOutputThroughServerTest {

  private static final String SPOKEN = """
      {"id":"chatcmpl-a","object":"chat.completion","created":1700000000,"model":"gpt-4o-audio-preview",
       "choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":null,
         "audio":{"id":"audio_1","data":"UklGRg==","expires_at":1700003600,"transcript":"Hello there"}},
         "finish_reason":"stop"}],
       "usage":{"prompt_tokens":10,"completion_tokens":20,"total_tokens":30,
         "completion_tokens_details":{"audio_tokens":18,"reasoning_tokens":0}}}""";

  private final FakeUpstream claude = new FakeUpstream();
  private final FakeUpstream openai = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        claude: { type: anthropic, base_url: "%s", api_key: sk-ant-test }
        openai: { type: openai, base_url: "%s", api_key: sk-test }
        sim: { type: simulator }
      models:
        voice:
          targets: [ { provider: claude, model: claude-sonnet-4-5 }, { provider: openai, model: gpt-4o-audio-preview } ]
        cached-voice:
          targets: [ { provider: openai, model: gpt-4o-audio-preview } ]
          cache: { mode: exact }
        text-only:
          targets: [ { provider: claude, model: claude-sonnet-4-5 }, { provider: sim, model: sim-echo } ]
      """.formatted(claude.rootUrl(), openai.baseUrl())).closing(claude, openai);
  @AutoClose
  private final OpenAIClient sdk = OpenAiSdks.client(gateway.server());

  private static ChatCompletionCreateParams spoken(String model) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage("Say hello").temperature(0.0)
        .modalities(List.of(ChatCompletionCreateParams.Modality.TEXT, ChatCompletionCreateParams.Modality.AUDIO))
        .audio(ChatCompletionAudioParam.builder().voice("alloy")
            .format(ChatCompletionAudioParam.Format.WAV).build())
        .build();
  }

  @Test
  void aSpokenAnswerComesFromTheTargetThatCanGiveItWithItsAudio() {
    openai.json(200, SPOKEN);

    ChatCompletion answer = sdk.chat().completions().create(spoken("voice"));

    assertThat(answer.choices().getFirst().message().audio()).hasValueSatisfying(audio -> {
      assertThat(audio.id()).isEqualTo("audio_1");
      assertThat(audio.data()).isEqualTo("UklGRg==");
      assertThat(audio.transcript()).isEqualTo("Hello there");
    });
    JsonNode sent = RawHttp.json(openai.takeRequest().body());
    assertThat(sent.path("modalities")).hasToString("[\"text\",\"audio\"]");
    assertThat(sent.path("audio").path("voice").asText()).isEqualTo("alloy");
    assertThat(sent.path("audio").path("format").asText()).isEqualTo("wav");
    assertThat(claude.requestCount()).as("Anthropic answers in text only").isZero();
  }

  @Test
  void aModelWhoseTargetsAnswerOnlyInTextRefusesASpokenAnswerNamingModalities() {
    HttpResponse<String> refused = new RawHttp(gateway.server()).post("/v1/chat/completions", """
        {"model":"text-only","modalities":["text","audio"],"audio":{"voice":"alloy","format":"wav"},
         "messages":[{"role":"user","content":"Say hello"}]}""");

    assertError(refused, 400, "invalid_request_error", null, "modalities");
    assertThat(claude.requestCount()).isZero();
  }

  @Test
  void spokenAnswersAreNotCached() {
    openai.json(200, SPOKEN).json(200, UpstreamAnswers.completion("written")).json(200, SPOKEN);

    sdk.chat().completions().create(spoken("cached-voice"));
    // a written answer to the same model is kept; the cache keeps answers in call order, so the spoken one was not
    sdk.chat().completions().create(ChatCompletionCreateParams.builder().model("cached-voice").addUserMessage("Write hello")
        .temperature(0.0).build());
    gateway.admin().awaitCacheEntries(1);
    ChatCompletion again = sdk.chat().completions().create(spoken("cached-voice"));

    assertThat(again.choices().getFirst().message().audio()).isPresent();
    assertThat(openai.requestCount()).isEqualTo(3);
  }
}
