package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * {@code server.max_concurrent_calls}: past the limit a call is answered at once with 503 {@code overloaded} and
 * {@code Retry-After}, a stream holds its place until it ends, and the server serves again once a place is free.
 */
class LoadSheddingTest {

  /** One call at a time; the slow model streams for about a second. */
  private static final String YAML = """
      server: { max_concurrent_calls: 1 }
      providers:
        sim: { type: simulator }
        slow: { type: simulator, mode: lorem, lorem_tokens: 20, tokens_per_second: 20, ttft_ms: 0 }
      models:
        fast: { targets: [ { provider: sim, model: sim-echo } ] }
        slow: { targets: [ { provider: slow, model: sim-lorem } ] }
      """;

  /** Started by each test, with or without the limit. */
  @AutoClose
  private RunningGateway gateway;
  private final HttpClient client = HttpClient.newHttpClient();

  @AfterEach
  void stopTheClient() {
    client.shutdownNow(); // closing would wait for a stream that a failed test left unread
  }

  private KeyedHttp start(String yaml) {
    gateway = Gateways.running(yaml);
    return gateway.http();
  }

  @Test
  void aCallPastTheLimitIsShedWith503WhileAStreamHoldsThePlaceAndServedOnceItEnds() throws Exception {
    KeyedHttp http = start(YAML);
    HttpResponse<InputStream> stream = startSlowStream();

    HttpResponse<String> shed = http.chat(null, "fast", "hello");
    HttpResponse<String> shedEmbedding = http.post("/v1/embeddings", null, "{\"model\":\"fast\",\"input\":\"x\"}");

    assertError(shed, 503, "server_error", "overloaded", null);
    assertThat(shed.headers().firstValue("retry-after")).hasValue("1");
    assertThat(shedEmbedding.statusCode()).isEqualTo(503);
    assertThat(readToEnd(stream)).contains("data: [DONE]");
    assertThat(http.chat(null, "fast", "hello").statusCode()).as("served once the stream ended").isEqualTo(200);
    assertThat(http.get("/metrics", null).body()).contains("apprentice_calls_shed_total{reason=\"max_concurrent_calls\"} 2.0");
    assertThat(http.get("/health", null).statusCode()).as("only model calls are limited").isEqualTo(200);
  }

  @Test
  void aClientStillSendingItsBodyHoldsNoPlaceSoOthersAreServedMeanwhile() throws Exception {
    KeyedHttp http = start(YAML);
    byte[] body = KeyedHttp.chatBody("fast", "trickled").getBytes(StandardCharsets.UTF_8);
    try (Socket slow = new Socket("127.0.0.1", gateway.server().port())) {
      slow.setSoTimeout(10_000);
      OutputStream out = slow.getOutputStream();
      out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, 10);
      out.flush();
      Thread.sleep(300); // the server has the headers and is reading the body (if not yet, the test proves less)

      HttpResponse<String> meanwhile = http.chat(null, "fast", "hello");
      assertThat(meanwhile.statusCode()).as(meanwhile.body()).isEqualTo(200);

      out.write(body, 10, body.length - 10);
      out.flush();
      String answer = readResponse(slow.getInputStream());
      assertThat(answer).as(answer).startsWith("HTTP/1.1 200").contains("trickled");
    }
    assertThat(http.get("/metrics", null).body()).contains("apprentice_calls_shed_total{reason=\"max_concurrent_calls\"} 0.0");
  }

  @Test
  void withoutALimitConcurrentCallsAreAllServed() throws Exception {
    KeyedHttp http = start(YAML.replace("server: { max_concurrent_calls: 1 }\n", ""));
    HttpResponse<InputStream> stream = startSlowStream();

    assertThat(http.chat(null, "fast", "hello").statusCode()).isEqualTo(200);
    assertThat(readToEnd(stream)).contains("data: [DONE]");
  }

  /**
   * One whole answer with a {@code Content-Length}: its head and body, whatever its status (the socket's read timeout
   * bounds the wait).
   */
  private static String readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) throw new EOFException("the connection ended within the head: " + head);
      head.write(b);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    Matcher length = Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(text);
    assertThat(length.find()).as("a Content-Length in " + text).isTrue();
    return text + new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8);
  }

  /**
   * Starts the slow model's stream and returns once its head has arrived: the stream has then sent its first event,
   * so it has its place, and holds it until its end, about a second later.
   */
  private HttpResponse<InputStream> startSlowStream() throws Exception {
    HttpResponse<InputStream> stream = client.sendAsync(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + gateway.server().port() + "/v1/chat/completions"))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"slow\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}"))
        .build(), HttpResponse.BodyHandlers.ofInputStream()).get(10, TimeUnit.SECONDS);
    assertThat(stream.statusCode()).isEqualTo(200);
    return stream;
  }

  private static String readToEnd(HttpResponse<InputStream> stream) throws IOException {
    try (InputStream body = stream.body()) {
      return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
