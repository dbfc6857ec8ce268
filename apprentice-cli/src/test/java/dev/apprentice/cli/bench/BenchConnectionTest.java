package dev.apprentice.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The raw HTTP/1.1 client against a socket server that answers exactly the bytes each test scripts. */
class BenchConnectionTest {

    private static final Workload PLAIN = new Workload("m", false);
    private static final Workload STREAM = new Workload("m", true);

    private ScriptedServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aChunkedStreamIsReadAcrossChunksAndItsConnectionIsReused() throws IOException {
        String sse = "data: {\"x\":1}\n\ndata: [DO";
        String rest = "NE]\n\n";
        String response = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(sse.length()) + ";ext=1\r\n" + sse + "\r\n"
                + Integer.toHexString(rest.length()) + "\r\n" + rest + "\r\n0\r\n\r\n";
        server = new ScriptedServer(List.of(response, response), true);

        try (BenchClient client = new BenchClient(server.target(), STREAM, Duration.ofSeconds(5))) {
            Exchange first = client.send();
            Exchange second = client.send();

            assertThat(first.ok()).as(first.detail()).isTrue();
            assertThat(second.ok()).as(second.detail()).isTrue();
            assertThat(first.firstByteNanos()).isPositive().isLessThanOrEqualTo(first.endNanos());
            assertThat(client.connectionsOpened()).isEqualTo(1);
        }
    }

    @Test
    void aBodyWithoutLengthIsReadUntilCloseAndTheNextRequestUsesANewConnection() throws IOException {
        String response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"ok\":true}";
        server = new ScriptedServer(List.of(response), false);

        try (BenchClient client = new BenchClient(server.target(), PLAIN, Duration.ofSeconds(5))) {
            assertThat(client.send().ok()).isTrue();
            assertThat(client.send().ok()).isTrue();
            assertThat(client.connectionsOpened()).isEqualTo(2);
        }
    }

    @Test
    void aKeepAliveConnectionTheServerClosedIsRetriedOnceOnAFreshOne() throws IOException {
        String response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
        server = new ScriptedServer(List.of(response), false);

        try (BenchClient client = new BenchClient(server.target(), PLAIN, Duration.ofSeconds(5))) {
            Exchange first = client.send();
            Exchange second = client.send();

            assertThat(first.ok()).isTrue();
            assertThat(second.ok()).as(second.detail()).isTrue();
            assertThat(client.connectionsOpened()).isEqualTo(2);
        }
    }

    @Test
    void aStreamCutShortInsideAChunkIsAnIoError() throws IOException {
        String response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n40\r\ndata: {\"x\":1}\n\n";
        server = new ScriptedServer(List.of(response), false);

        try (BenchClient client = new BenchClient(server.target(), STREAM, Duration.ofSeconds(5))) {
            Exchange exchange = client.send();

            assertThat(exchange.error()).isEqualTo(ErrorKind.IO);
            assertThat(exchange.detail()).contains("body bytes missing");
        }
    }

    @Test
    void somethingOtherThanHttpIsAnIoErrorNamingWhatCame() throws IOException {
        server = new ScriptedServer(List.of("SSH-2.0-OpenSSH\r\n"), false);

        try (BenchClient client = new BenchClient(server.target(), PLAIN, Duration.ofSeconds(5))) {
            Exchange exchange = client.send();

            assertThat(exchange.error()).isEqualTo(ErrorKind.IO);
            assertThat(exchange.detail()).contains("not an HTTP/1.x status line: SSH-2.0");
        }
    }

    @Test
    void aTargetThatNeverAnswersTimesOut() throws IOException {
        server = new ScriptedServer(List.of(), true);

        try (BenchClient client = new BenchClient(server.target(), PLAIN, Duration.ofMillis(200))) {
            assertThat(client.send().error()).isEqualTo(ErrorKind.TIMEOUT);
        }
    }

    @Test
    void theRequestCarriesTheTargetsPathHostLengthAndExtraHeaders() {
        BenchTarget target = new BenchTarget("t", URI.create("http://127.0.0.1:8787/v1/"), Map.of("Authorization", "Bearer x"));

        String request = new String(BenchClient.requestBytes(target, STREAM), StandardCharsets.UTF_8);

        String body = new String(STREAM.body(), StandardCharsets.UTF_8);
        assertThat(request).startsWith("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:8787\r\n")
                .contains("Content-Length: " + body.length() + "\r\n", "Accept: text/event-stream\r\n",
                        "Authorization: Bearer x\r\n")
                .endsWith("\r\n\r\n" + body);
        assertThat(body).contains("\"model\":\"m\"", "\"stream\":true");
    }

    /**
     * Accepts connections and answers the scripted responses in turn, one per request; after its last response a
     * connection stays open when {@code keepOpen}, else it is closed (without telling the client).
     */
    private static final class ScriptedServer implements AutoCloseable {
        private final ServerSocket socket;
        private final List<String> responses;
        private final boolean keepOpen;
        private final AtomicInteger answered = new AtomicInteger();

        ScriptedServer(List<String> responses, boolean keepOpen) throws IOException {
            this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.responses = responses;
            this.keepOpen = keepOpen;
            Thread.ofPlatform().daemon().start(this::acceptAll);
        }

        BenchTarget target() {
            return new BenchTarget("scripted", URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1"), Map.of());
        }

        private void acceptAll() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    Thread.ofPlatform().daemon().start(() -> serve(connection));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket connection) {
            try (connection) {
                InputStream in = connection.getInputStream();
                OutputStream out = connection.getOutputStream();
                int served = 0;
                while (served < responses.size() || keepOpen) {
                    if (!readRequest(in)) {
                        return;
                    }
                    if (served < responses.size() && answered.get() < 100) {
                        out.write(responses.get(served++).getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        answered.incrementAndGet();
                    } else {
                        Thread.sleep(2_000);
                        return;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the client went away or the test ended
            }
        }

        /** Reads one request (headers, then Content-Length bytes of body); false at end of stream. */
        private static boolean readRequest(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            int b;
            while (!head.toString().endsWith("\r\n\r\n")) {
                if ((b = in.read()) < 0) {
                    return false;
                }
                head.append((char) b);
            }
            String lower = head.toString().toLowerCase();
            int at = lower.indexOf("content-length: ");
            int length = at < 0 ? 0 : Integer.parseInt(lower.substring(at + 16, lower.indexOf('\r', at)));
            return in.readNBytes(length).length == length;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
