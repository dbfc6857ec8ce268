package dev.apprentice.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A JSON Lines answer (an export) is written as its rows are read; asked with {@code HEAD}, which is routed to its
 * {@code GET} handler, it answers the same status and type and reads no row at all, rather than reading a whole export
 * only for {@link HeadAnswers} to throw it away.
 */
class JsonLinesAnswerTest {

  private static final int ROWS = 1_000;

  /** How many rows the export has read, as a store's would count them. */
  private final AtomicInteger read = new AtomicInteger();
  private final HttpClient client = HttpClient.newHttpClient();
  private WebServer server;

  @BeforeEach
  void start() {
    server = WebServer.builder().host("127.0.0.1").port(0)
        .routing(routing -> {
          routing.addFilter(new HeadAnswers());
          MethodRules rules = new MethodRules(routing);
          rules.get("/export", (req, res) -> JsonLinesAnswer.send(req, res, ServerJson.MAPPER, lines -> {
            for (int i = 0; i < ROWS; i++) {
              read.incrementAndGet();
              lines.accept(Map.of("row", i));
            }
          }));
          rules.refuseOtherMethods();
        })
        .build().start();
  }

  @AfterEach
  void stop() {
    client.shutdownNow();
    server.stop();
  }

  private HttpResponse<String> ask(String method) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/export"))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aGetAnswersEveryRowAsOneLineOfJson() throws Exception {
    HttpResponse<String> response = ask("GET");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/x-ndjson");
    assertThat(response.body().lines()).hasSize(ROWS).startsWith("{\"row\":0}");
    assertThat(read).hasValue(ROWS);
  }

  @Test
  void aHeadAnswersTheStatusAndTypeOfTheGetAndReadsNoRow() throws Exception {
    HttpResponse<String> response = ask("HEAD");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/x-ndjson");
    assertThat(response.body()).isEmpty();
    assertThat(read).as("rows read for an answer whose body is dropped").hasValue(0);
  }
}
