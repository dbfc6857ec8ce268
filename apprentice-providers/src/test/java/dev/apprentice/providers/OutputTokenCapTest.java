package dev.apprentice.providers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.CallContext;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.Message;
import dev.apprentice.providers.anthropic.AnthropicProvider;
import dev.apprentice.providers.http.ProviderJson;
import dev.apprentice.providers.http.Transport;
import dev.apprentice.providers.openai.OpenAiProvider;
import dev.apprentice.providers.openai.OutputLimitField;
import dev.apprentice.providers.simulator.SimulatorProvider;
import dev.apprentice.providers.simulator.SimulatorSettings;
import dev.apprentice.testing.FakeUpstream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's output cap ({@link CallContext#outputTokenCap()}) reaches every upstream as the request's own limit
 * when the request sets none, in the field that upstream reads; a limit the caller set keeps its value, in the field
 * that upstream reads too.
 */
class OutputTokenCapTest {

  private static final String OPENAI_ANSWER = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,"
      + "\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
      + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}";
  private static final String ANTHROPIC_ANSWER = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
      + "\"model\":\"claude-sonnet-4-5\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\","
      + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}";

  private final FakeUpstream upstream = new FakeUpstream();

  @AfterEach
  void stop() {
    upstream.close();
  }

  private static ChatRequest ask(String model, Integer maxTokens, Integer maxCompletionTokens) {
    return ChatRequest.builder().model(model).messages(List.of(Message.user("hi"))).maxTokens(maxTokens)
        .maxCompletionTokens(maxCompletionTokens).build();
  }

  private static CallContext capped(Integer cap) {
    return new CallContext("trace-cap", System.nanoTime() + Duration.ofSeconds(10).toNanos(), Map.of(),
        System.nanoTime() + Duration.ofSeconds(10).toNanos(), cap);
  }

  private JsonNode sentToOpenAi(ChatRequest request, Integer cap) throws Exception {
    return sentToOpenAi(request, cap, OutputLimitField.AUTO);
  }

  private JsonNode sentToOpenAi(ChatRequest request, Integer cap, OutputLimitField field) throws Exception {
    OpenAiProvider provider = new OpenAiProvider("openai", upstream.baseUrl(), "sk-test", Map.of(),
        Transport.create(Duration.ofSeconds(2)), field);
    upstream.json(200, OPENAI_ANSWER);
    provider.chat(request, capped(cap));
    return ProviderJson.MAPPER.readTree(upstream.takeRequest().body());
  }

  private JsonNode sentToAnthropic(int defaultMaxTokens, ChatRequest request, Integer cap) throws Exception {
    AnthropicProvider provider = new AnthropicProvider("claude", upstream.rootUrl(), "sk-ant-test", defaultMaxTokens,
        Transport.create(Duration.ofSeconds(2)));
    upstream.json(200, ANTHROPIC_ANSWER);
    provider.chat(request, capped(cap));
    return ProviderJson.MAPPER.readTree(upstream.takeRequest().body());
  }

  @Test
  void anOpenAiTypeUpstreamGetsTheCapAsMaxTokens() throws Exception {
    JsonNode sent = sentToOpenAi(ask("gpt-4.1", null, null), 300);

    assertThat(sent.path("max_tokens").asInt()).isEqualTo(300);
    assertThat(sent.has("max_completion_tokens")).isFalse();
  }

  @Test
  void openAisReasoningModelsGetTheCapAsMaxCompletionTokensWhichTheyRequire() throws Exception {
    for (String model : List.of("o3", "o4-mini", "gpt-5", "gpt-5.1-mini", "openai/o1")) {
      JsonNode sent = sentToOpenAi(ask(model, null, null), 300);

      assertThat(sent.path("max_completion_tokens").asInt()).as(model).isEqualTo(300);
      assertThat(sent.has("max_tokens")).as(model).isFalse();
    }
  }

  @Test
  void aConfiguredFieldWinsOverTheModelsNameForDeploymentsWithNamesOfTheirOwn() throws Exception {
    JsonNode azureO3 = sentToOpenAi(ask("prod-reasoner", null, null), 300, OutputLimitField.MAX_COMPLETION_TOKENS);
    JsonNode plainGpt5 = sentToOpenAi(ask("gpt-5", null, null), 300, OutputLimitField.MAX_TOKENS);

    assertThat(azureO3.path("max_completion_tokens").asInt()).isEqualTo(300);
    assertThat(azureO3.has("max_tokens")).isFalse();
    assertThat(plainGpt5.path("max_tokens").asInt()).isEqualTo(300);
    assertThat(plainGpt5.has("max_completion_tokens")).isFalse();
  }

  @Test
  void aLimitTheCallerSetIsSentAsItIsAndNoCapMeansNoLimit() throws Exception {
    assertThat(sentToOpenAi(ask("o3", null, 120), 300).path("max_completion_tokens").asInt()).isEqualTo(120);
    assertThat(sentToOpenAi(ask("gpt-4.1", 80, null), 300).path("max_tokens").asInt()).isEqualTo(80);
    JsonNode free = sentToOpenAi(ask("gpt-4.1", null, null), null);
    assertThat(free.has("max_tokens") || free.has("max_completion_tokens")).isFalse();
  }

  @Test
  void aCallersMaxTokensReachesAReasoningModelAsMaxCompletionTokensWhichItRequires() throws Exception {
    JsonNode o3 = sentToOpenAi(ask("o3", 80, null), 300);
    JsonNode both = sentToOpenAi(ask("gpt-5-mini", 80, 120), null);
    JsonNode azure = sentToOpenAi(ask("prod-reasoner", 80, null), null, OutputLimitField.MAX_COMPLETION_TOKENS);

    assertThat(o3.path("max_completion_tokens").asInt()).isEqualTo(80);
    assertThat(o3.has("max_tokens")).isFalse();
    assertThat(both.path("max_completion_tokens").asInt()).isEqualTo(120);
    assertThat(both.has("max_tokens")).isFalse();
    assertThat(azure.path("max_completion_tokens").asInt()).isEqualTo(80);
    assertThat(azure.has("max_tokens")).isFalse();
  }

  @Test
  void withMaxTokensACallersMaxCompletionTokensGoesAsMaxTokensWhichMistralsApiAloneAccepts() throws Exception {
    // Mistral's API refuses max_completion_tokens: 422 {"object":"error","message":{"detail":[{"type":
    // "extra_forbidden","loc":["body","max_completion_tokens"],...}]}}
    // (https://github.com/editor-code-assistant/eca/issues/231)
    JsonNode one = sentToOpenAi(ask("mistral-large-latest", null, 120), null, OutputLimitField.MAX_TOKENS);
    JsonNode both = sentToOpenAi(ask("mistral-large-latest", 80, 120), null, OutputLimitField.MAX_TOKENS);

    assertThat(one.path("max_tokens").asInt()).isEqualTo(120);
    assertThat(one.has("max_completion_tokens")).isFalse();
    assertThat(both.path("max_tokens").asInt()).isEqualTo(120);
    assertThat(both.has("max_completion_tokens")).isFalse();
  }

  @Test
  void anthropicGetsTheLowerOfItsDefaultAndTheCap() throws Exception {
    assertThat(sentToAnthropic(8192, ask("claude-sonnet-4-5", null, null), 300).path("max_tokens").asInt())
        .isEqualTo(300);
    assertThat(sentToAnthropic(200, ask("claude-sonnet-4-5", null, null), 300).path("max_tokens").asInt())
        .isEqualTo(200);
    assertThat(sentToAnthropic(8192, ask("claude-sonnet-4-5", 50, null), 300).path("max_tokens").asInt())
        .isEqualTo(50);
    assertThat(sentToAnthropic(8192, ask("claude-sonnet-4-5", null, null), null).path("max_tokens").asInt())
        .isEqualTo(8192);
  }

  @Test
  void theSimulatorStopsAtTheCapWithFinishReasonLength() throws Exception {
    SimulatorProvider simulator = new SimulatorProvider("sim", SimulatorSettings.defaults());

    ChatResponse capped = simulator.chat(ask("sim-lorem-200", null, null), capped(25));
    ChatResponse free = simulator.chat(ask("sim-lorem-200", null, null), capped(null));

    assertThat(capped.usage().completionTokens()).isEqualTo(25);
    assertThat(capped.choices().getFirst().finishReason()).isEqualTo("length");
    assertThat(free.usage().completionTokens()).isEqualTo(200);
  }
}
