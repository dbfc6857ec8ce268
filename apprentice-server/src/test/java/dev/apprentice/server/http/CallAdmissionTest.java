package dev.apprentice.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.Handler;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When a call's place under {@code server.max_concurrent_calls} is given back, seen from the clients: handlers here
 * answer and then wait for the test, as a handler still busy after its answer (bookkeeping, or a thread waiting for a
 * core under load) would.
 */
class CallAdmissionTest {

  /** Holds every handler after its answer until the test lets them finish. */
  private final CountDownLatch finish = new CountDownLatch(1);
  private WebServer server;

  @AfterEach
  void stop() {
    finish.countDown();
    if (server != null) server.stop();
  }

  @Test
  void aClientThatHasItsAnswerFindsThePlaceFreeForItsNextCall() throws Exception {
    start((req, res) -> {
      if (!CallAdmission.enter(req, res)) return;
      res.send("answered");
      awaitFinish(); // the handler has not returned yet
    });

    assertThat(status()).isEqualTo(200);
    assertThat(status()).as("the next call").isEqualTo(200);
  }

  @Test
  void aStreamHoldsItsPlaceAfterItsFirstBytesUntilItsHandlerGivesItBack() throws Exception {
    start((req, res) -> {
      if (!CallAdmission.enter(req, res)) return;
      CallAdmission.holdThroughStream(req);
      try (OutputStream out = res.outputStream()) {
        out.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        awaitFinish(); // the stream goes on
      }
    });
    HttpClient client = HttpClient.newHttpClient();
    try {
      CompletableFuture<HttpResponse<InputStream>> stream = client.sendAsync(request(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertThat(stream.get(10, TimeUnit.SECONDS).statusCode()).as("the stream has started").isEqualTo(200);

      assertThat(status()).as("shed while the stream holds the place").isEqualTo(503);
    } finally {
      client.shutdownNow();
    }
  }

  private void awaitFinish() {
    try {
      finish.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void start(Handler handler) {
    CallAdmission admission = new CallAdmission(1, Long.MAX_VALUE);
    server = WebServer.builder().host("127.0.0.1").port(0)
        .routing(routing -> routing.post("/call", admission.admit(handler)))
        .build().start();
  }

  /**
   * The status of a call, on a connection of its own (a connection whose handler is still busy reads no further
   * request), as soon as its head has arrived: the body of a call served as a stream does not end while it lingers.
   */
  private int status() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    try {
      return client.sendAsync(request(), HttpResponse.BodyHandlers.ofInputStream()).get(10, TimeUnit.SECONDS)
          .statusCode();
    } finally {
      client.shutdownNow(); // closing would wait for a call still in flight
    }
  }

  private HttpRequest request() {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/call"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
  }
}
