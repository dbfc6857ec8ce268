package dev.apprentice.providers.openai;

import dev.apprentice.api.CallContext;
import dev.apprentice.api.ChatProvider;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.EmbeddingProvider;
import dev.apprentice.api.EmbeddingRequest;
import dev.apprentice.api.EmbeddingResponse;
import dev.apprentice.api.ProviderException;
import dev.apprentice.providers.http.Secrets;
import dev.apprentice.providers.http.Upstream;
import java.io.InputStream;
import java.net.URI;
import dev.apprentice.providers.http.Transport;
import java.util.Arrays;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Any OpenAI-compatible API (OpenAI, vLLM, Ollama, llama.cpp server, Groq, Together, ...): chat completions, streamed
 * or not, and embeddings. Requests go out in the gateway's own format, unknown fields included. Thread-safe.
 */
public final class OpenAiProvider implements ChatProvider, EmbeddingProvider {

  private static final Capabilities CAPABILITIES = new Capabilities(true, true, true, true);

  private final String name;
  private final URI chatUri;
  private final URI embeddingsUri;
  private final String[] headers;
  private final Upstream upstream;
  private final OutputLimitField outputLimitField;
  private final ReasoningHistory reasoningHistory;
  private final StreamUsage streamUsage;
  private final SendMetadata sendMetadata;

  /**
   * @param baseUrl the API root ending in {@code /v1}, e.g. {@code https://api.openai.com/v1}
   * @param apiKey sent as {@code Authorization: Bearer}; null or blank sends no Authorization header
   * @param extraHeaders sent with every request (organisation, project, gateway keys, ...)
   */
  public OpenAiProvider(String name, String baseUrl, String apiKey, Map<String, String> extraHeaders,
      Transport transport) {
    this(name, baseUrl, apiKey, extraHeaders, transport, OutputLimitField.AUTO);
  }

  /** @param outputLimitField the field that carries the gateway's output cap (see {@link OutputLimitField}) */
  public OpenAiProvider(String name, String baseUrl, String apiKey, Map<String, String> extraHeaders,
      Transport transport, OutputLimitField outputLimitField) {
    this(name, baseUrl, apiKey, extraHeaders, transport, outputLimitField, ReasoningHistory.AUTO);
  }

  /**
   * @param reasoningHistory which assistant turns keep their {@code reasoning_content} (see {@link ReasoningHistory});
   *     {@code auto} is decided here, by {@code baseUrl}
   */
  public OpenAiProvider(String name, String baseUrl, String apiKey, Map<String, String> extraHeaders,
      Transport transport, OutputLimitField outputLimitField, ReasoningHistory reasoningHistory) {
    this(name, baseUrl, apiKey, extraHeaders, transport, outputLimitField, reasoningHistory, StreamUsage.AUTO);
  }

  /**
   * @param streamUsage whether streams ask for usage with {@code stream_options.include_usage} (see
   *     {@link StreamUsage}); {@code auto} is decided here, by {@code baseUrl}
   */
  public OpenAiProvider(String name, String baseUrl, String apiKey, Map<String, String> extraHeaders,
      Transport transport, OutputLimitField outputLimitField, ReasoningHistory reasoningHistory,
      StreamUsage streamUsage) {
    this(name, baseUrl, apiKey, extraHeaders, transport, outputLimitField, reasoningHistory, streamUsage,
        SendMetadata.AUTO);
  }

  /**
   * @param sendMetadata whether {@code metadata} goes without {@code store: true} (see {@link SendMetadata});
   *     {@code auto} is decided here, by {@code baseUrl}
   */
  public OpenAiProvider(String name, String baseUrl, String apiKey, Map<String, String> extraHeaders,
      Transport transport, OutputLimitField outputLimitField, ReasoningHistory reasoningHistory,
      StreamUsage streamUsage, SendMetadata sendMetadata) {
    this.name = name;
    this.outputLimitField = outputLimitField.at(baseUrl);
    this.reasoningHistory = reasoningHistory.at(baseUrl);
    this.streamUsage = streamUsage.at(baseUrl);
    this.sendMetadata = sendMetadata.at(baseUrl);
    String root = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.chatUri = URI.create(root + "/chat/completions");
    this.embeddingsUri = URI.create(root + "/embeddings");
    this.headers = headerPairs(apiKey, extraHeaders);
    this.upstream = new Upstream(name, transport, OpenAiErrors.INSTANCE, Secrets.sentWith(apiKey, extraHeaders));
    HttpRequest.newBuilder(chatUri).headers(headers); // rejects restricted or malformed headers now, not per call
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return "openai";
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public ChatResponse chat(ChatRequest request, CallContext context) throws ProviderException {
    byte[] body = OpenAiRequests.chatBody(sendMetadata.sendable(request), context.outputTokenCap(), outputLimitField,
        reasoningHistory);
    Transport.Response response = post(chatUri, body, "application/json", context);
    return OpenAiResponses.chat(response.body(), response.status(), response.headers(), upstream);
  }

  @Override
  public ChunkStream stream(ChatRequest request, CallContext context) throws ProviderException {
    byte[] body = OpenAiRequests.streamBody(sendMetadata.sendable(request), context.outputTokenCap(), outputLimitField,
        reasoningHistory, streamUsage);
    Transport.Response response = post(chatUri, body, "text/event-stream", context);
    if (JsonAnswerToStream.json(response)) return JsonAnswerToStream.of(response, upstream);
    return new OpenAiStream(response.body(), response.status(), response.headers(), upstream);
  }

  @Override
  public EmbeddingResponse embed(EmbeddingRequest request, CallContext context) throws ProviderException {
    Transport.Response response =
        post(embeddingsUri, OpenAiRequests.embeddingsBody(request), "application/json", context);
    int inputs = request.tokenIds() != null ? request.tokenIds().inputs().size() : request.input().size();
    return OpenAiResponses.embeddings(response.body(), response.status(), response.headers(), request.model(), inputs,
        upstream);
  }

  private Transport.Response post(URI uri, byte[] body, String accept, CallContext context) throws ProviderException {
    String[] all = Arrays.copyOf(headers, headers.length + 2);
    all[headers.length] = "Accept";
    all[headers.length + 1] = accept;
    return upstream.post(uri, all, body, context);
  }

  private static String[] headerPairs(String apiKey, Map<String, String> extraHeaders) {
    List<String> pairs = new ArrayList<>();
    pairs.add("Content-Type");
    pairs.add("application/json");
    if (apiKey != null && !apiKey.isBlank()) {
      pairs.add("Authorization");
      pairs.add("Bearer " + apiKey.strip());
    }
    if (extraHeaders != null) {
      extraHeaders.forEach((header, value) -> {
        pairs.add(header);
        pairs.add(value);
      });
    }
    return pairs.toArray(String[]::new);
  }
}
