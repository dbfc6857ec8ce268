package dev.apprentice.server.telemetry;

import java.util.Map;

/**
 * The type of each configured provider ({@code openai}, {@code anthropic}, {@code simulator}) by its name in the
 * config: what spans give as {@code gen_ai.provider.name}, which the GenAI conventions define as the API flavour, so
 * that {@code local-vllm} and {@code openai-eu} both read {@code openai}; and where each one's API answers, which
 * tells those two apart ({@code server.address}, {@code server.port}). A name with no type given (the in-process
 * {@code local} models) stands for itself, and has no address.
 */
public record ProviderTypes(Map<String, String> byName, Map<String, ServerAddress> servers) {

  /** No types known: every provider stands for itself. */
  public static final ProviderTypes NONE = new ProviderTypes(Map.of());

  public ProviderTypes {
    byName = Map.copyOf(byName);
    servers = Map.copyOf(servers);
  }

  /** Types only, no addresses. */
  public ProviderTypes(Map<String, String> byName) {
    this(byName, Map.of());
  }

  /** The type of the provider named {@code name}, or the name itself when no type is known. */
  public String of(String name) {
    return byName.getOrDefault(name, name);
  }

  /** Where the provider named {@code name} answers; null for one in process or not known. */
  public ServerAddress server(String name) {
    return servers.get(name);
  }
}
