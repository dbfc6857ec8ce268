package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;

/**
 * A server with the simulator behind two aliases ({@code alpha} and {@code beta} echo the last user message) and
 * the admin calls the prompt and dataset tests make.
 */
final class PromptTestServer implements AutoCloseable {

  static final String ADMIN_KEY = "admin-key-for-prompt-tests";

  final ApprenticeServer server;
  final KeyedHttp http;
  final AdminClient admin;
  private final RawHttp raw;
  private final RunningGateway gateway;

  PromptTestServer() {
    gateway = Gateways.running("""
        providers:
          sim: { type: simulator }
        models:
          alpha: { targets: [ { provider: sim, model: sim-echo } ] }
          beta: { targets: [ { provider: sim, model: sim-echo } ] }
        """, ADMIN_KEY, Clock.systemUTC());
    server = gateway.server();
    http = gateway.http();
    admin = gateway.admin();
    raw = new RawHttp(server);
  }

  /** {@code POST /admin/prompts}, which must succeed with {@code status}. */
  JsonNode push(String json, int status) {
    HttpResponse<String> response = http.post("/admin/prompts", ADMIN_KEY, json);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return RawHttp.json(response.body());
  }

  HttpResponse<String> put(String path, String json) {
    return raw.send(raw.request(path).header("Authorization", "Bearer " + ADMIN_KEY)
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** A POST of a raw body (a file) with a content type. */
  HttpResponse<String> upload(String path, String contentType, String body) {
    return raw.send(raw.request(path).header("Authorization", "Bearer " + ADMIN_KEY)
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpResponse<String> chat(String json) {
    return http.post("/v1/chat/completions", null, json);
  }

  /** A chat call whose {@code x-apprentice-tags} header is {@code tags}. */
  HttpResponse<String> chat(String json, String tags) {
    return raw.send(raw.request("/v1/chat/completions").header("Content-Type", "application/json")
        .header("x-apprentice-tags", tags).POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** An admin GET that must answer 200. */
  JsonNode get(String path) {
    HttpResponse<String> response = admin.get(path);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return RawHttp.json(response.body());
  }

  static String answer(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return RawHttp.json(response.body()).path("choices").path(0).path("message").path("content").asText();
  }

  static String traceId(HttpResponse<String> response) {
    return response.headers().firstValue("x-apprentice-trace-id").orElseThrow();
  }

  @Override
  public void close() {
    gateway.close();
  }
}
