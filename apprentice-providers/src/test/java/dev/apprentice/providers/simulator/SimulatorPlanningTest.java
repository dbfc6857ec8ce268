package dev.apprentice.providers.simulator;

import static dev.apprentice.providers.simulator.SimRequests.ask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Message;
import dev.apprentice.providers.simulator.Simulation.Fault;
import dev.apprentice.providers.simulator.Simulation.Script;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorPlanningTest {

  private final Simulation echo = new Simulation(SimulatorSettings.defaults());
  private final Simulation lorem = new Simulation(SimulatorSettings.defaults().withMode("lorem", null));

  @Test
  void theSameRequestAndSeedGiveTheSameTextIdAndUsage() {
    Script first = lorem.plan(SimRequests.seeded("sim", "write me a poem", 42));
    Script again = new Simulation(SimulatorSettings.defaults().withMode("lorem", null))
        .plan(SimRequests.seeded("sim", "write me a poem", 42));
    Script otherSeed = lorem.plan(SimRequests.seeded("sim", "write me a poem", 43));
    Script otherPrompt = lorem.plan(SimRequests.seeded("sim", "write me a song", 42));

    assertThat(again.text()).isEqualTo(first.text());
    assertThat(again.responseId()).isEqualTo(first.responseId());
    assertThat(again.usage()).isEqualTo(first.usage());
    assertThat(otherSeed.text()).isNotEqualTo(first.text());
    assertThat(otherPrompt.responseId()).isNotEqualTo(first.responseId());
  }

  @Test
  void echoRepeatsTheLastUserMessageInTokensThatCarryTheirLeadingSpace() {
    var request = ChatRequest.builder().model("sim").messages(List.of(Message.system("be brief"),
        Message.user("first question"), Message.assistant("an answer"), Message.user("Hello  there, world!"))).build();

    Script script = echo.plan(request);

    assertThat(script.tokens()).containsExactly("Hello", "  there,", " world!");
    assertThat(script.text()).isEqualTo("Hello  there, world!");
    assertThat(script.finishReason()).isEqualTo("stop");
    assertThat(script.usage().completionTokens()).isEqualTo(3);
  }

  @Test
  void loremGivesTheConfiguredNumberOfWordsInSentences() {
    Script script = lorem.plan(ask("sim", "hi"));

    assertThat(script.tokens()).hasSize(50);
    assertThat(script.tokens().getFirst()).matches("[A-Z][a-z]+");
    assertThat(script.tokens().subList(1, 50)).allMatch(token -> token.matches(" [A-Za-z]+\\.?"));
    assertThat(script.text()).endsWith(".");
  }

  @Test
  void theModelSuffixPicksTheReplyMode() {
    assertThat(lorem.plan(ask("sim-echo", "say this")).text()).isEqualTo("say this");
    assertThat(echo.plan(ask("sim-fixed", "x")).text()).isEqualTo(SimulatorSettings.DEFAULT_FIXED_TEXT);
    assertThat(echo.plan(ask("sim-lorem", "x")).tokens()).hasSize(50);
    assertThat(echo.plan(ask("sim-lorem-200", "x")).tokens()).hasSize(200);
    assertThat(echo.plan(ask("llama-sim-lorem-3", "x")).tokens()).hasSize(3);
    assertThat(echo.plan(ask("simulator", "plain echo")).text()).isEqualTo("plain echo");
    assertThat(echo.plan(ask("sim-lorem-many", "not a count")).text()).isEqualTo("not a count");
  }

  @Test
  void metadataOverridesTheModelSuffixAndTheSettings() {
    Script script = echo.plan(SimRequests.withMetadata("sim-echo", "x",
        Map.of("sim_mode", "lorem", "sim_tokens", "7", "sim_ttft_ms", "250", "sim_tps", 100)));

    assertThat(script.tokens()).hasSize(7);
    assertThat(script.ttft()).isEqualTo(Duration.ofMillis(250));
    assertThat(script.perToken()).isEqualTo(Duration.ofMillis(10));
  }

  @Test
  void aBadMetadataValueIsRejectedNamingItsKey() {
    assertThatThrownBy(() -> echo.plan(SimRequests.withMetadata("sim", "x", Map.of("sim_tokens", "lots"))))
        .hasMessageContaining("metadata.sim_tokens");
    assertThatThrownBy(() -> echo.plan(SimRequests.withMetadata("sim", "x", Map.of("sim_fault", "gremlins"))))
        .hasMessageContaining("metadata.sim_fault");
    assertThatThrownBy(() -> echo.plan(SimRequests.withMetadata("sim", "x", Map.of("sim_mode", "poetry"))))
        .hasMessageContaining("metadata.sim_mode");
  }

  @Test
  void maxTokensCutsTheReplyAndTheFinishReasonSaysLength() {
    Script script = echo.plan(SimRequests.limited("sim", "one two three four five", 2));

    assertThat(script.text()).isEqualTo("one two");
    assertThat(script.finishReason()).isEqualTo("length");
    assertThat(script.usage().completionTokens()).isEqualTo(2);
  }

  @Test
  void usageCountsWordsAndPunctuationPlusMessageFraming() {
    Script script = echo.plan(ask("sim", "Hello, world!"));

    assertThat(script.usage().promptTokens()).isEqualTo(3 + 3 + 1 + 4);
    assertThat(script.usage().totalTokens()).isEqualTo(script.usage().promptTokens() + 2);
    assertThat(script.model()).isEqualTo("sim");
  }

  @Test
  void aForcedFaultComesFromMetadata() {
    assertThat(echo.plan(SimRequests.withMetadata("sim", "x", Map.of("sim_fault", "rate_limit"))).fault())
        .isEqualTo(Fault.RATE_LIMIT);
    Simulation failing = new Simulation(SimulatorSettings.defaults()
        .withFaults(new SimulatorFaults(0, 1, 0, 0, 0, 0, 1)));
    assertThat(failing.plan(SimRequests.withMetadata("sim", "x", Map.of("sim_fault", "none"))).fault())
        .isEqualTo(Fault.NONE);
  }

  @Test
  void faultsHappenAsOftenAsTheirProbability() {
    Simulation flaky = new Simulation(SimulatorSettings.defaults()
        .withFaults(new SimulatorFaults(0.2, 0.1, 0, 0, 0, 0, 1)));
    int rateLimits = 0;
    int serverErrors = 0;
    for (int i = 0; i < 20_000; i++) {
      Fault fault = flaky.plan(ask("sim", "request " + i)).fault();
      if (fault == Fault.RATE_LIMIT) rateLimits++;
      if (fault == Fault.SERVER_ERROR) serverErrors++;
    }
    assertThat(rateLimits).isBetween(3_600, 4_400);
    assertThat(serverErrors).isBetween(1_600, 2_400);
  }

  @Test
  void aRequestSeedMakesItsFaultDrawRepeatable() {
    Simulation flaky = new Simulation(SimulatorSettings.defaults()
        .withFaults(new SimulatorFaults(0.5, 0, 0, 0, 0, 0, 1)));
    for (long seed = 0; seed < 20; seed++) {
      Fault first = flaky.plan(SimRequests.seeded("sim", "hi", seed)).fault();
      for (int again = 0; again < 5; again++) {
        assertThat(flaky.plan(SimRequests.seeded("sim", "hi", seed)).fault()).isEqualTo(first);
      }
    }
  }

  @Test
  void aConfiguredSeedMakesTheSequenceOfFaultsRepeatable() {
    SimulatorSettings settings = SimulatorSettings.defaults()
        .withFaults(new SimulatorFaults(0.5, 0, 0, 0, 0, 0, 1)).withSeed(7L);
    Simulation one = new Simulation(settings);
    Simulation two = new Simulation(settings);
    List<Fault> first = java.util.stream.IntStream.range(0, 50).mapToObj(i -> one.plan(ask("sim", "hi")).fault()).toList();
    List<Fault> second = java.util.stream.IntStream.range(0, 50).mapToObj(i -> two.plan(ask("sim", "hi")).fault()).toList();

    assertThat(first).isEqualTo(second).contains(Fault.NONE, Fault.RATE_LIMIT);
  }

  @Test
  void aToolIsCalledWhenAskedForOrRequiredOrNamed() {
    Script mentioned = echo.plan(SimRequests.withTools("Use a tool to check the weather", null));
    assertThat(mentioned.toolCall().function().name()).isEqualTo("get_weather");
    assertThat(mentioned.toolCall().function().arguments()).isEqualTo("{}");
    assertThat(mentioned.toolCall().id()).startsWith("call_")
        .isEqualTo(echo.plan(SimRequests.withTools("Use a tool to check the weather", null)).toolCall().id());
    assertThat(mentioned.finishReason()).isEqualTo("tool_calls");
    assertThat(mentioned.tokens()).isEmpty();

    assertThat(echo.plan(SimRequests.withTools("weather?", "required")).toolCall().function().name())
        .isEqualTo("get_weather");
    assertThat(echo.plan(SimRequests.withTools("weather?",
        Map.of("type", "function", "function", Map.of("name", "get_time")))).toolCall().function().name())
        .isEqualTo("get_time");
    assertThat(echo.plan(SimRequests.withTools("use tools", "none")).toolCall()).isNull();
    assertThat(echo.plan(SimRequests.withTools("my toolbox is empty", null)).toolCall()).isNull();
    assertThat(echo.plan(ask("sim", "use a tool")).toolCall()).isNull();
  }

  @Test
  void aToolChoiceNamingAnUnknownFunctionIsRejected() {
    assertThatThrownBy(() -> echo.plan(SimRequests.withTools("x",
        Map.of("type", "function", "function", Map.of("name", "nope")))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void streamOptionsDecideWhetherUsageIsStreamed() {
    assertThat(echo.plan(SimRequests.streaming("sim", "hi", true)).includeUsage()).isTrue();
    assertThat(echo.plan(SimRequests.streaming("sim", "hi", false)).includeUsage()).isFalse();
  }
}
