package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Streams a test holds open on a raw connection, to leave midway by closing it, and the wait for the trace of the
 * call that ended then (its accounting has given back what the call held by the time the trace is written).
 */
final class HeldStreams {

  private HeldStreams() {}

  /** Posts {@code body} to {@code path} with {@code key} and reads up to the stream's first event. */
  static Socket open(RunningGateway gateway, String key, String path, String body) throws IOException {
    Socket client = new Socket("127.0.0.1", gateway.server().port());
    client.setSoTimeout(RawConnection.PATIENCE_MS);
    client.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key
        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
        + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
    client.getOutputStream().flush();
    InputStream in = client.getInputStream();
    StringBuilder read = new StringBuilder();
    while (read.indexOf("data:") < 0) {
      int b = in.read();
      if (b < 0) throw new AssertionError("the connection ended before the stream's first event; read: " + read);
      read.append((char) b);
    }
    return client;
  }

  /** The trace of the one call that ended with {@code status}, once its accounting has written it. */
  static JsonNode traceWithStatus(AdminClient admin, int status) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RawConnection.PATIENCE_MS);
    List<JsonNode> traces = admin.traces("status=" + status);
    while (traces.isEmpty() && System.nanoTime() < until) {
      Thread.sleep(20);
      traces = admin.traces("status=" + status);
    }
    assertThat(traces).hasSize(1);
    return traces.getFirst();
  }

  /** Waits until the call {@code traceId} is traced. */
  static void awaitTrace(AdminClient admin, String traceId) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RawConnection.PATIENCE_MS);
    while (admin.get("/admin/traces/" + traceId).statusCode() != 200 && System.nanoTime() < until) Thread.sleep(20);
    assertThat(admin.get("/admin/traces/" + traceId).statusCode()).isEqualTo(200);
  }
}
