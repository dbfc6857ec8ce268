package dev.apprentice.api;

/**
 * A source of chat completions: an upstream API, the simulator, or a model inside the JVM. The request it receives
 * already names the upstream model. Implementations are thread-safe and map every failure to a
 * {@link ProviderException} whose {@link ProviderException.Kind} tells the router whether to retry or fall back.
 */
public interface ChatProvider {

  /** The provider's name as configured (the key under {@code providers:}). */
  String name();

  /** The wire type: {@code openai}, {@code anthropic}, {@code simulator}, ... */
  String type();

  ChatResponse chat(ChatRequest request, CallContext context) throws ProviderException;

  /**
   * Starts a streamed completion. Returns once the upstream accepted the request; chunks are pulled lazily.
   * Closing the stream cancels the upstream request.
   */
  ChunkStream stream(ChatRequest request, CallContext context) throws ProviderException;

  Capabilities capabilities();

  /** What a provider supports; the gateway rejects or adapts requests that need more. */
  record Capabilities(boolean streaming, boolean tools, boolean images, boolean embeddings) {}
}
