package dev.apprentice.gateway.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code providers:}; keys that belong to another provider type are rejected with the reason. */
final class ProviderBinder {

  private static final List<String> HTTP_KEYS = List.of("base_url", "api_key", "headers", "connect_timeout_ms");
  private static final List<String> ANTHROPIC_KEYS = List.of("max_tokens_default", "structured_output");
  private static final List<String> OPENAI_KEYS = List.of("output_limit_field", "reasoning_history",
      "stream_usage", "send_metadata");
  static final int DEFAULT_MAX_TOKENS = 4096;
  static final long DEFAULT_CONNECT_TIMEOUT_MS = 5000;

  private ProviderBinder() {}

  static Map<String, ProviderSettings> read(Section root) {
    Map<String, ProviderSettings> providers = new LinkedHashMap<>();
    root.entries("providers").forEach((name, section) -> {
      if (ProviderSettings.reserved(name)) section.problems().add(section.path(), ProviderSettings.whyReserved(name));
      providers.put(name, readOne(name, section));
      section.finish();
    });
    return providers;
  }

  private static ProviderSettings readOne(String name, Section p) {
    String type = p.has("type") ? p.choice("type", null, ProviderSettings.TYPES, "provider type") : null;
    if (!p.has("type")) {
      p.problems().add(p.pathOf("type"), "is required (one of: " + String.join(", ", ProviderSettings.TYPES) + ")");
    }
    Duration connectTimeout = Duration.ofMillis(DEFAULT_CONNECT_TIMEOUT_MS);
    if (type == null) {
      p.ignore(HTTP_KEYS);
      p.ignore(ANTHROPIC_KEYS);
      p.ignore(OPENAI_KEYS);
      p.ignore(SimulatorBinder.KEYS);
      return new ProviderSettings(name, "", null, null, Map.of(), connectTimeout, DEFAULT_MAX_TOKENS, null, null,
          null, null, null, null);
    }
    if (type.equals(ProviderSettings.SIMULATOR)) {
      p.reject(HTTP_KEYS, "only valid for providers of type openai or anthropic");
      p.reject(ANTHROPIC_KEYS, "only valid for providers of type anthropic");
      p.reject(OPENAI_KEYS, "only valid for providers of type openai");
      return new ProviderSettings(name, type, null, null, Map.of(), connectTimeout, DEFAULT_MAX_TOKENS,
          SimulatorBinder.read(p), null, null, null, null, null);
    }
    p.reject(SimulatorBinder.KEYS, "only valid for providers of type simulator");
    int maxTokens = DEFAULT_MAX_TOKENS;
    String structuredOutput = null;
    if (type.equals(ProviderSettings.ANTHROPIC)) {
      maxTokens = p.integer("max_tokens_default", DEFAULT_MAX_TOKENS, 1, Integer.MAX_VALUE);
      structuredOutput = p.choice("structured_output", "tool", ProviderSettings.STRUCTURED_OUTPUTS,
          "structured output");
    } else {
      p.reject(ANTHROPIC_KEYS, "only valid for providers of type anthropic");
    }
    String outputLimitField = null;
    String reasoningHistory = null;
    String streamUsage = null;
    String sendMetadata = null;
    if (type.equals(ProviderSettings.OPENAI)) {
      outputLimitField = p.choice("output_limit_field", "auto", ProviderSettings.OUTPUT_LIMIT_FIELDS,
          "output limit field");
      reasoningHistory = p.choice("reasoning_history", "auto", ProviderSettings.REASONING_HISTORIES,
          "reasoning history");
      streamUsage = p.choice("stream_usage", "auto", ProviderSettings.STREAM_USAGES, "stream usage");
      sendMetadata = p.choice("send_metadata", "auto", ProviderSettings.SEND_METADATAS, "metadata sending");
    } else {
      p.reject(OPENAI_KEYS, "only valid for providers of type openai");
    }
    String baseUrl = p.httpUrl("base_url", ProviderSettings.defaultBaseUrl(type), "");
    return new ProviderSettings(name, type, baseUrl, apiKey(p),
        p.stringMap("headers"), p.millis("connect_timeout_ms", DEFAULT_CONNECT_TIMEOUT_MS, 1), maxTokens, null,
        outputLimitField, reasoningHistory, streamUsage, sendMetadata, structuredOutput);
  }

  /**
   * The {@code api_key} stripped of surrounding whitespace (an environment file's trailing newline or space), as every
   * provider type sends it; null when blank. A key with whitespace, a control character or anything but visible ASCII
   * inside is refused naming the path, never quoting the key: no provider takes one, and a header could not carry it.
   */
  private static String apiKey(Section p) {
    String key = p.string("api_key", null);
    if (key == null || key.isBlank()) return null;
    String stripped = key.strip();
    for (int i = 0; i < stripped.length(); i++) {
      char c = stripped.charAt(i);
      if (c > ' ' && c < 0x7f) continue;
      String what = Character.isWhitespace(c) || Character.isSpaceChar(c) ? "whitespace"
          : Character.isISOControl(c) ? "a control character" : "a character that is not visible ASCII";
      p.problems().add(p.pathOf("api_key"), "holds " + what + " at character " + (i + 1) + " of the key (not"
          + " counting the whitespace around it): an API key is one word; check the value or the environment"
          + " variable it comes from");
      return null;
    }
    return stripped;
  }
}
