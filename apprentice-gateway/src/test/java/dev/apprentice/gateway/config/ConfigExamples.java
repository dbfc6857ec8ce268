package dev.apprentice.gateway.config;

import java.util.List;
import java.util.Map;

/** Config texts and helpers the config tests share. */
final class ConfigExamples {

  /** The example of PRODUCT.md §2, without the cache/guard blocks. */
  static final String PRODUCT_EXAMPLE = """
      server:
        host: 127.0.0.1            # loopback by default; binding elsewhere requires keys (no anonymous access)
        port: 8080
      data_dir: .apprentice
      store:
        url: jdbc:sqlite:.apprentice/apprentice.db     # PostgreSQL: not in this version
      providers:
        openai:    { type: openai, base_url: "https://api.openai.com/v1", api_key: "${OPENAI_API_KEY}" }
        local-vllm: { type: openai, base_url: "http://127.0.0.1:8000/v1" }   # any OpenAI-compatible server
        anthropic: { type: anthropic, api_key: "${ANTHROPIC_API_KEY}" }
        sim:       { type: simulator }                  # deterministic fake LLM; options in §6
      models:
        smart:
          strategy: fallback        # fallback (ordered) | weighted | least-latency
          targets:
            - { provider: openai, model: gpt-4o-2024-08-06 }
            - { provider: anthropic, model: claude-sonnet-4-5 }
          price: { input_per_mtok: 2.50, output_per_mtok: 10.00, cached_input_per_mtok: 1.25 }
          retries: 2                # per target, exponential backoff with jitter, honours Retry-After
          timeout_ms: 60000         # whole call
          ttft_timeout_ms: 10000    # streaming: fail over if no first token in time
      """;

  static final Map<String, String> KEYS = Map.of(
      "OPENAI_API_KEY", "sk-proj-0123456789abcdef3a9",
      "ANTHROPIC_API_KEY", "sk-ant-api03-zyxwvutsrq9876");

  /** A valid config with one simulator provider and one model, to which a test appends or changes lines. */
  static final String MINIMAL = """
      providers:
        sim: { type: simulator }
      models:
        echo:
          targets: [ { provider: sim, model: sim-echo } ]
      """;

  private ConfigExamples() {}

  static List<String> problemsOf(String yaml) {
    return problemsOf(yaml, Map.of());
  }

  static List<String> problemsOf(String yaml, Map<String, String> env) {
    try {
      ConfigLoader.parse(yaml, env);
    } catch (ConfigException e) {
      return e.problems();
    }
    throw new AssertionError("expected the config to be rejected:\n" + yaml);
  }
}
