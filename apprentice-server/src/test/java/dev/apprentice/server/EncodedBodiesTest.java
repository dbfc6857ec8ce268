package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.providers.simulator.SimulatorSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A request body with a Content-Encoding other than identity is a 415 saying to send it uncompressed, on every route
 * and on the standalone simulator, where it was a 400 "malformed HTTP request" from the web server.
 */
class EncodedBodiesTest {

  private static final String ADMIN_KEY = "admin-key-for-encoded-bodies-tests";
  private static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        sim: { type: simulator }
      models:
        m: { targets: [ { provider: sim, model: sim-echo } ] }
      """, ADMIN_KEY, Clock.systemUTC());
  private final RawHttp http = new RawHttp(gateway.server());

  @Test
  void aGzippedChatBodyIsA415SayingToSendItUncompressed() {
    HttpResponse<String> response = post(http, "/v1/chat/completions", gzip(CHAT), "gzip", null);

    JsonNode error = assertError(response, 415, "invalid_request_error", "unsupported_media_type", null);
    assertThat(error.path("message").asText()).contains("'gzip'").contains("uncompressed");
    assertThat(response.headers().firstValue("accept-encoding")).hasValue("identity");
    assertThat(http.post("/v1/chat/completions", CHAT).statusCode()).as("the server serves on").isEqualTo(200);
  }

  @Test
  void anyOtherCodingIsA415TooAndSoIsAnEncodedAdminBody() {
    assertError(post(http, "/v1/chat/completions", bytes(CHAT), "br", null), 415, "invalid_request_error",
        "unsupported_media_type", null);
    assertError(post(http, "/v1/chat/completions", bytes(CHAT), "identity, x-custom", null), 415,
        "invalid_request_error", "unsupported_media_type", null);
    assertError(post(http, "/admin/keys", gzip("{\"tenant\":\"t\"}"), "gzip", "Bearer " + ADMIN_KEY), 415,
        "invalid_request_error", "unsupported_media_type", null);
  }

  @Test
  void anIdentityCodingIsServedAsIfThereWereNone() {
    HttpResponse<String> response = post(http, "/v1/chat/completions", bytes(CHAT), "Identity", null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(RawHttp.json(response.body()).at("/choices/0/message/content").asText()).isEqualTo("hi");
  }

  @Test
  void aBodyWithoutAContentTypeIsStillServed() {
    HttpResponse<String> response = http.send(http.request("/v1/chat/completions")
        .POST(HttpRequest.BodyPublishers.ofString(CHAT)));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  @Test
  void theStandaloneSimulatorAnswersAGzippedBody415Too() {
    try (SimulatorServer simulator = SimulatorServer.start("127.0.0.1", 0, SimulatorSettings.defaults())) {
      RawHttp direct = new RawHttp(simulator.port());
      String body = CHAT.replace("\"m\"", "\"sim-echo\"");

      assertError(post(direct, "/v1/chat/completions", gzip(body), "gzip", null), 415, "invalid_request_error",
          "unsupported_media_type", null);
      assertThat(post(direct, "/v1/chat/completions", bytes(body), "identity", null).statusCode()).isEqualTo(200);
    }
  }

  private static HttpResponse<String> post(RawHttp http, String path, byte[] body, String encoding, String auth) {
    HttpRequest.Builder request = http.request(path).header("Content-Type", "application/json")
        .header("Content-Encoding", encoding).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (auth != null) request.header("Authorization", auth);
    return http.send(request);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
