package dev.apprentice.server;

import dev.apprentice.api.ChatProvider;
import dev.apprentice.api.Embedder;
import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ConfigLoader;
import dev.apprentice.gateway.config.ServerSettings;
import dev.apprentice.testing.FakeProvider;
import dev.apprentice.testing.FakeUpstream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Starts an Apprentice server for a test from YAML text, on a port the OS picks. The config loader accepts only
 * ports 1..65535, so the parsed config is re-bound to port 0 before the server starts.
 */
final class Gateways {

  /** The admin key of a gateway started by a {@code running} method that is given none. */
  static final String ADMIN_KEY = "admin-key-for-server-tests-0123456789";

  private Gateways() {}

  /** A {@link RunningGateway} on a fresh data directory, under {@link #ADMIN_KEY}, on the system clock. */
  static RunningGateway running(String yaml) {
    return running(yaml, ADMIN_KEY, Clock.systemUTC());
  }

  /** A {@link RunningGateway} on a fresh data directory, with the given admin key and clock. */
  static RunningGateway running(String yaml, String adminKey, Clock clock) {
    return running(yaml, Map.of(), adminKey, clock);
  }

  /** A {@link RunningGateway} whose providers named in {@code supplied} are those objects, under {@link #ADMIN_KEY}. */
  static RunningGateway running(String yaml, Map<String, ChatProvider> supplied) {
    return running(yaml, supplied, ADMIN_KEY, Clock.systemUTC());
  }

  /** A {@link RunningGateway} with supplied providers, admin key and clock, on a fresh data directory. */
  static RunningGateway running(String yaml, Map<String, ChatProvider> supplied, String adminKey, Clock clock) {
    return running(yaml, TempDirs.create(), supplied, adminKey, clock, null);
  }

  /** A {@link RunningGateway} on {@code dataDir}, which may outlive it (for a restart). */
  static RunningGateway running(String yaml, Path dataDir, String adminKey, Clock clock) {
    return running(yaml, dataDir, Map.of(), adminKey, clock, null);
  }

  /**
   * A {@link RunningGateway} on {@code dataDir} (which may outlive it, for a restart), with every part given: the
   * in-process embedding model is {@code embedder}'s ({@code null}: the built-in one).
   */
  static RunningGateway running(String yaml, Path dataDir, Map<String, ChatProvider> supplied, String adminKey,
      Clock clock, Supplier<Embedder> embedder) {
    ApprenticeConfig config = onAnyFreePort(ConfigLoader.parse(yaml, Map.of()), dataDir);
    return new RunningGateway(ApprenticeServer.start(config, supplied, adminKey, clock, embedder), adminKey);
  }

  /**
   * A {@link RunningGateway} on the built-in default config (what {@code apprentice serve} runs without a config file),
   * on {@code dataDir}, under {@link #ADMIN_KEY}.
   */
  static RunningGateway runningDefaults(Path dataDir) {
    ApprenticeConfig config = onAnyFreePort(ConfigLoader.defaults(Map.of()), dataDir);
    return new RunningGateway(ApprenticeServer.start(config, Map.of(), ADMIN_KEY, Clock.systemUTC()), ADMIN_KEY);
  }

  /**
   * A model {@code echo} on the simulator's {@code sim-echo}, which answers with the last user message, under
   * {@code adminKey}: for a test about the gateway itself rather than its answers.
   */
  static RunningGateway echoing(String adminKey) {
    return running("""
        providers:
          sim: { type: simulator }
        models:
          echo: { targets: [ { provider: sim, model: sim-echo } ] }
        """, adminKey, Clock.systemUTC());
  }

  /**
   * A gateway whose one provider, {@code up}, is the scripted {@code upstream} (closed after the gateway), serving
   * {@code models}: the YAML under {@code models:}, each model's targets naming {@code up}; under {@link #ADMIN_KEY}.
   */
  static RunningGateway onUpstream(FakeProvider upstream, String models) {
    return running("providers:\n  up: { type: simulator }\nmodels:\n" + models.indent(2),
        Map.of("up", upstream)).closing(upstream);
  }

  /**
   * A gateway whose one provider, {@code up}, is the fake OpenAI-compatible {@code upstream} (closed after the
   * gateway), serving {@code models}: the YAML under {@code models:}, each model's targets naming {@code up}; under
   * {@link #ADMIN_KEY}.
   */
  static RunningGateway onOpenAiUpstream(FakeUpstream upstream, String models) {
    return running("providers:\n  up: { type: openai, base_url: \"" + upstream.baseUrl()
        + "\", api_key: sk-upstream }\nmodels:\n" + models.indent(2)).closing(upstream);
  }

  /**
   * A model {@code smart} on one Anthropic target {@code claude-sonnet-4-5} at {@code upstreamUrl}, no retries, with
   * the input PII guard redacting when {@code redacting}: what the Anthropic translation tests run through.
   */
  static RunningGateway claude(String upstreamUrl, boolean redacting) {
    return running("""
        providers:
          claude: { type: anthropic, base_url: "%s", api_key: sk-ant-test, max_tokens_default: 1024 }
        %s
        models:
          smart:
            targets: [ { provider: claude, model: claude-sonnet-4-5 } ]
            retries: 0
        """.formatted(upstreamUrl, redacting ? "guard: { input: { pii: redact } }" : ""));
  }

  /**
   * A model {@code smart} on one Anthropic target {@code claude-sonnet-4-5} at {@code upstreamUrl}, no retries, whose
   * output guard blocks an answer that does not match the request's {@code json_schema}; the provider is also given
   * {@code providerOptions} (YAML flow-map entries, such as {@code structured_output: native}).
   */
  static RunningGateway claudeCheckingJsonSchema(String upstreamUrl, String providerOptions) {
    return running("""
        providers:
          claude: { type: anthropic, base_url: "%s", api_key: sk-ant-test, %s }
        models:
          smart:
            targets: [ { provider: claude, model: claude-sonnet-4-5 } ]
            retries: 0
            guard: { output: { json_schema: block } }
        """.formatted(upstreamUrl, providerOptions));
  }

  /** The config on a free port, with a fresh data directory (removed when the test JVM exits). */
  static ApprenticeConfig onAnyFreePort(ApprenticeConfig config) {
    return onAnyFreePort(config, TempDirs.create());
  }

  /** The config on a free port, with its data directory (and default store) in {@code dataDir}. */
  static ApprenticeConfig onAnyFreePort(ApprenticeConfig config, Path dataDir) {
    ServerSettings server = config.server();
    return new ApprenticeConfig(server.at(server.host(), 0), config.dataDir(),
        config.store(), config.providers(), config.models(), config.traces(), config.limits(), config.telemetry(),
        config.embeddings(), config.retryBudget(), config.warnings())
        .withDataDir(dataDir.toString());
  }
}
