package dev.apprentice.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.providers.http.ProviderJson;
import org.junit.jupiter.api.Test;

class OutputLimitFieldTest {

  @Test
  void autoMeansMaxTokensAtMistralsApiWhichRefusesMaxCompletionTokensAndAnExplicitSettingWinsEverywhere() {
    // https://github.com/editor-code-assistant/eca/issues/231: 422 extra_forbidden for body.max_completion_tokens
    assertThat(OutputLimitField.AUTO.at("https://api.mistral.ai/v1")).isEqualTo(OutputLimitField.MAX_TOKENS);
    assertThat(OutputLimitField.AUTO.at("https://api.openai.com/v1")).isEqualTo(OutputLimitField.AUTO);
    assertThat(OutputLimitField.AUTO.at("http://127.0.0.1:11434/v1")).isEqualTo(OutputLimitField.AUTO);
    assertThat(OutputLimitField.MAX_COMPLETION_TOKENS.at("https://api.mistral.ai/v1"))
        .isEqualTo(OutputLimitField.MAX_COMPLETION_TOKENS);
  }

  @Test
  void aProviderAtMistralsApiSendsACallersMaxCompletionTokensAsMaxTokensByDefault() throws Exception {
    ChatRequest request = ProviderJson.MAPPER.readValue(
        "{\"model\":\"mistral-large-latest\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
            + "\"max_completion_tokens\":120}", ChatRequest.class);

    ChatRequest sent = OpenAiRequests.capped(request, null, OutputLimitField.AUTO.at("https://api.mistral.ai/v1"));

    assertThat(sent.maxTokens()).isEqualTo(120);
    assertThat(sent.maxCompletionTokens()).isNull();
  }
}
