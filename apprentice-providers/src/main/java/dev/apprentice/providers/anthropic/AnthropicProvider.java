package dev.apprentice.providers.anthropic;

import static dev.apprentice.providers.http.ProviderJson.MAPPER;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.CallContext;
import dev.apprentice.api.ChatProvider;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ProviderException;
import dev.apprentice.providers.http.Bodies;
import dev.apprentice.providers.http.Secrets;
import dev.apprentice.providers.http.SseReader;
import dev.apprentice.providers.http.Upstream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import dev.apprentice.providers.http.Transport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Anthropic Messages API behind the gateway's OpenAI format: requests are translated to {@code POST /v1/messages},
 * answers and stream events back to OpenAI completions and chunks. Thread-safe.
 */
public final class AnthropicProvider implements ChatProvider {

  public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
  public static final String API_VERSION = "2023-06-01";

  private static final Capabilities CAPABILITIES = new Capabilities(true, true, true, false);

  private final String name;
  private final URI messagesUri;
  /** The headers of every request but {@code accept}: version, content type, key, then the configured extras. */
  private final String[] headers;
  private final AnthropicRequests requests;
  private final Upstream upstream;

  /**
   * @param baseUrl the API root, {@link #DEFAULT_BASE_URL} when null or blank; a trailing {@code /v1} is accepted
   * @param defaultMaxTokens the {@code max_tokens} sent when the caller gives none (Anthropic requires one)
   */
  public AnthropicProvider(String name, String baseUrl, String apiKey, int defaultMaxTokens, Transport transport) {
    this(name, baseUrl, apiKey, defaultMaxTokens, Map.of(), transport);
  }

  /**
   * @param extraHeaders sent with every request after Apprentice's own (e.g. {@code anthropic-beta} to turn on a beta
   *                     feature); a restricted or malformed header is refused here, not at the first call
   */
  public AnthropicProvider(String name, String baseUrl, String apiKey, int defaultMaxTokens,
      Map<String, String> extraHeaders, Transport transport) {
    this(name, baseUrl, apiKey, defaultMaxTokens, extraHeaders, transport, StructuredOutput.TOOL);
  }

  /**
   * @param structuredOutput how a JSON answer is asked for, and whether a function's {@code strict} is passed on
   *                         (see {@link StructuredOutput})
   */
  public AnthropicProvider(String name, String baseUrl, String apiKey, int defaultMaxTokens,
      Map<String, String> extraHeaders, Transport transport, StructuredOutput structuredOutput) {
    if (defaultMaxTokens < 1) throw new IllegalArgumentException("defaultMaxTokens must be at least 1");
    this.name = name;
    this.messagesUri = messagesUri(baseUrl == null || baseUrl.isBlank() ? DEFAULT_BASE_URL : baseUrl);
    this.headers = headers(apiKey, extraHeaders);
    java.net.http.HttpRequest.newBuilder(messagesUri).headers(this.headers);
    this.requests = new AnthropicRequests(defaultMaxTokens, Objects.requireNonNull(structuredOutput,
        "structuredOutput"));
    this.upstream = new Upstream(name, transport, AnthropicErrors.INSTANCE, Secrets.sentWith(apiKey, extraHeaders));
  }

  private static URI messagesUri(String baseUrl) {
    String root = baseUrl.strip().replaceAll("/+$", "");
    return URI.create(root.endsWith("/v1") ? root + "/messages" : root + "/v1/messages");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return "anthropic";
  }

  @Override
  public ChatResponse chat(ChatRequest request, CallContext context) throws ProviderException {
    AnthropicRequests.Translation sent = requests.translate(request, false, context.outputTokenCap());
    Transport.Response response = post(sent.body(), "application/json", context);
    String text;
    try (InputStream in = response.body()) {
      text = new String(Bodies.readAll(in, response.headers()), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw upstream.readFailure(response.status(), e);
    }
    return AnthropicResponses.parse(text, upstream, nowSeconds(), sent.answerTool());
  }

  @Override
  public ChunkStream stream(ChatRequest request, CallContext context) throws ProviderException {
    AnthropicRequests.Translation sent = requests.translate(request, true, context.outputTokenCap());
    Transport.Response response = post(sent.body(), "text/event-stream", context);
    return new AnthropicStream(upstream, response.status(), new SseReader(response.body()), context,
        nowSeconds(), sent.answerTool());
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  private Transport.Response post(ObjectNode body, String accept, CallContext context) throws ProviderException {
    byte[] json;
    try {
      json = MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
    String[] all = Arrays.copyOf(headers, headers.length + 2);
    all[headers.length] = "accept";
    all[headers.length + 1] = accept;
    return upstream.post(messagesUri, all, json, context);
  }

  private static String[] headers(String apiKey, Map<String, String> extraHeaders) {
    List<String> pairs = new ArrayList<>(List.of("anthropic-version", API_VERSION, "content-type",
        "application/json"));
    if (apiKey != null && !apiKey.isBlank()) {
      pairs.add("x-api-key");
      pairs.add(apiKey.strip()); // as OpenAI's key: an environment file's trailing newline or space is not the key's
    }
    if (extraHeaders != null) {
      extraHeaders.forEach((header, value) -> {
        pairs.add(header);
        pairs.add(value);
      });
    }
    return pairs.toArray(String[]::new);
  }

  private static long nowSeconds() {
    return System.currentTimeMillis() / 1000;
  }
}
