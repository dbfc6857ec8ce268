package dev.apprentice.cli.eval;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.eval.client.ChatClient;
import dev.apprentice.eval.client.ChatFailure;
import dev.apprentice.eval.client.Completion;
import dev.apprentice.providers.http.RetryAfter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Calls a running Apprentice server over its OpenAI-compatible API (the base that {@code --url} names, see
 * {@link ApiBase}), with the trace tags in {@code x-apprentice-tags}. The cost is the server's
 * {@code x-apprentice-cost-usd} header (0 from a server that does not send it); retrieved chunk ids are not available
 * over HTTP.
 */
public final class HttpChatClient implements ChatClient {

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final HttpClient http;
  private final URI endpoint;
  private final String apiKey;

  /** @param baseUrl the API base, e.g. {@code http://127.0.0.1:8080/v1} */
  public HttpChatClient(String baseUrl, String apiKey) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.endpoint = URI.create(base + "/chat/completions");
    this.apiKey = apiKey;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  @Override
  public Completion complete(ChatRequest request, List<String> tags) {
    long start = System.nanoTime();
    HttpResponse<byte[]> response;
    try {
      HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT)
          .header("content-type", "application/json").header("x-apprentice-tags", String.join(",", tags))
          .header("cache-control", "no-cache")
          .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(request)));
      if (apiKey != null && !apiKey.isBlank()) builder.header("authorization", "Bearer " + apiKey);
      response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new ChatFailure("transport", "cannot reach " + endpoint + ": " + why(e), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChatFailure("interrupted", "interrupted", null);
    }
    double latencyMs = (System.nanoTime() - start) / 1e6;
    String traceId = response.headers().firstValue("x-apprentice-trace-id").orElse(null);
    if (response.statusCode() != 200) throw failure(response, traceId);
    try {
      ChatResponse answer = JSON.readValue(response.body(), ChatResponse.class);
      double cost = response.headers().firstValue("x-apprentice-cost-usd").map(Double::parseDouble).orElse(0.0);
      int in = answer.usage() == null ? 0 : answer.usage().promptTokens();
      int out = answer.usage() == null ? 0 : answer.usage().completionTokens();
      return new Completion(answer.text(), in, out, cost, latencyMs, traceId, List.of());
    } catch (IOException | RuntimeException e) {
      throw new ChatFailure("bad_response", "the answer is not a chat completion: " + e.getMessage(), traceId);
    }
  }

  /** Why a call did not get through, as the admin commands say it (the JDK's ConnectException has no message). */
  private static String why(IOException e) {
    if (e instanceof ConnectException) return "connection refused";
    return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static ChatFailure failure(HttpResponse<byte[]> response, String traceId) {
    String code = "http_" + response.statusCode();
    String message = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
    try {
      JsonNode error = JSON.readTree(response.body()).path("error");
      if (error.hasNonNull("code")) code = error.get("code").asText();
      if (error.hasNonNull("message")) message = error.get("message").asText();
    } catch (IOException | RuntimeException ignored) {
      // not the OpenAI error shape: keep the status and the raw body
    }
    return new ChatFailure(code, message, traceId, response.statusCode(), RetryAfter.parse(response.headers()));
  }
}
