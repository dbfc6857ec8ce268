package dev.apprentice.server;

import dev.apprentice.api.ChatProvider;
import dev.apprentice.gateway.config.ProviderSettings;
import dev.apprentice.gateway.config.SimulatorOptions;
import dev.apprentice.providers.anthropic.AnthropicProvider;
import dev.apprentice.providers.anthropic.StructuredOutput;
import dev.apprentice.providers.http.Upstream;
import dev.apprentice.providers.openai.OpenAiProvider;
import dev.apprentice.providers.openai.OutputLimitField;
import dev.apprentice.providers.openai.ReasoningHistory;
import dev.apprentice.providers.openai.SendMetadata;
import dev.apprentice.providers.openai.StreamUsage;
import dev.apprentice.providers.simulator.SimulatorFaults;
import dev.apprentice.providers.simulator.SimulatorProvider;
import dev.apprentice.providers.simulator.SimulatorSettings;
import dev.apprentice.providers.http.Transport;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds one provider per configured entry; each HTTP provider gets its own client (its own connection pool). */
final class ProviderFactory {

  private ProviderFactory() {}

  static Map<String, ChatProvider> build(Map<String, ProviderSettings> settings) {
    Map<String, ChatProvider> providers = new LinkedHashMap<>();
    for (ProviderSettings p : settings.values()) providers.put(p.name(), build(p));
    return providers;
  }

  static ChatProvider build(ProviderSettings p) {
    return switch (p.type()) {
      case ProviderSettings.OPENAI -> new OpenAiProvider(p.name(), p.baseUrl(), blankToNull(p.apiKey()), p.headers(),
          Transport.create(p.connectTimeout()), OutputLimitField.of(p.outputLimitField()),
          ReasoningHistory.of(p.reasoningHistory()), StreamUsage.of(p.streamUsage()),
          SendMetadata.of(p.sendMetadata()));
      case ProviderSettings.ANTHROPIC -> new AnthropicProvider(p.name(), p.baseUrl(), p.apiKey(), p.maxTokensDefault(),
          p.headers(), Transport.create(p.connectTimeout()), StructuredOutput.of(p.structuredOutput()));
      case ProviderSettings.SIMULATOR -> new SimulatorProvider(p.name(), simulatorSettings(p.simulator()));
      default -> throw new IllegalArgumentException("unknown provider type " + p.type());
    };
  }

  static SimulatorSettings simulatorSettings(SimulatorOptions o) {
    SimulatorFaults faults = new SimulatorFaults(o.rateLimit(), o.serverError(), o.connectionReset(), o.timeout(),
        o.malformedJson(), o.truncatedStream(), o.retryAfterSeconds());
    return new SimulatorSettings(o.mode(), o.text(), o.loremTokens(), o.ttft(), o.tokensPerSecond(), faults, o.seed());
  }


  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
