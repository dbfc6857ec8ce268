package dev.apprentice.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream that takes each request and then stalls, holding the connection open: with {@code opensStream} it
 * first starts an SSE answer with an empty role chunk (no token), else it answers nothing. It counts the requests
 * and notes when the gateway closes a connection, which a raw socket sees at once (a mock server's answer queue
 * does not).
 */
final class StalledUpstream implements AutoCloseable {

  private static final String ROLE_CHUNK = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
      + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n";

  private final ServerSocket listener;
  private final boolean opensStream;
  private final AtomicInteger requests = new AtomicInteger();
  private final CountDownLatch firstRequest = new CountDownLatch(1);
  private final CountDownLatch firstClosed = new CountDownLatch(1);
  private final List<Socket> connections = new CopyOnWriteArrayList<>();

  StalledUpstream(boolean opensStream) {
    this.opensStream = opensStream;
    try {
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread.ofVirtual().name("stalled-upstream").start(this::accept);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + listener.getLocalPort() + "/v1";
  }

  int requests() {
    return requests.get();
  }

  /** Waits for the first request to have arrived whole. */
  void awaitRequest() throws InterruptedException {
    if (!firstRequest.await(RawConnection.PATIENCE_MS, TimeUnit.MILLISECONDS)) {
      throw new AssertionError("no request reached the stalled upstream");
    }
  }

  /** True when the gateway closed the first request's connection within {@code millis}. */
  boolean closedWithin(long millis) throws InterruptedException {
    return firstClosed.await(millis, TimeUnit.MILLISECONDS);
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket socket = listener.accept();
        connections.add(socket);
        Thread.ofVirtual().start(() -> serve(socket));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      readRequest(in);
      requests.incrementAndGet();
      if (opensStream) {
        OutputStream out = socket.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
            + Integer.toHexString(ROLE_CHUNK.length()) + "\r\n" + ROLE_CHUNK + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
      firstRequest.countDown();
      while (in.read() != -1) {
        // stalled: whatever comes, until the gateway closes the connection
      }
    } catch (IOException reset) {
      // closed by a reset: closed all the same
    } finally {
      firstClosed.countDown();
    }
  }

  /** Reads a request's head and its body of {@code Content-Length} bytes. */
  private static void readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int last4 = 0;
    int b;
    while (last4 != 0x0d0a0d0a && (b = in.read()) != -1) { // up to the blank line after the headers
      head.write(b);
      last4 = (last4 << 8) | b;
    }
    long length = 0;
    for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) length = Long.parseLong(line.substring(15).strip());
    }
    in.readNBytes((int) length);
  }

  @Override
  public void close() {
    try {
      listener.close();
      for (Socket socket : connections) socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
