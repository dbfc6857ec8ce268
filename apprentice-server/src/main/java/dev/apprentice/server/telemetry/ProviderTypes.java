package dev.apprentice.server.telemetry;

import java.util.Map;

/**
 * The type of each configured provider ({@code openai}, {@code anthropic}, {@code simulator}) by its name in the
 * config: what spans give as {@code gen_ai.provider.name}, which the GenAI conventions define as the API flavour, so
 * that {@code local-vllm} and {@code openai-eu} both read {@code openai}. A name with no type given (the in-process
 * {@code local} models) stands for itself.
 */
public record ProviderTypes(Map<String, String> byName) {

  /** No types known: every provider stands for itself. */
  public static final ProviderTypes NONE = new ProviderTypes(Map.of());

  public ProviderTypes {
    byName = Map.copyOf(byName);
  }

  /** The type of the provider named {@code name}, or the name itself when no type is known. */
  public String of(String name) {
    return byName.getOrDefault(name, name);
  }
}
