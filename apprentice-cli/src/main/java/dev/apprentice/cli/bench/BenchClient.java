package dev.apprentice.cli.bench;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Sends the same prepared chat completion request to one target over pooled keep-alive connections and reports each
 * exchange as an {@link Exchange}; never throws for a failed request. Safe for concurrent use.
 */
final class BenchClient implements Closeable {

    private final ConnectionPool pool;
    private final byte[] request;
    private final boolean stream;

    BenchClient(BenchTarget target, Workload workload, Duration timeout) {
        this.pool = new ConnectionPool(target.host(), target.port(), timeout);
        this.request = requestBytes(target, workload);
        this.stream = workload.stream();
    }

    /** Sends one request and reads the whole response; a stale keep-alive connection is retried once on a new one. */
    Exchange send() {
        HttpConnection connection;
        try {
            connection = pool.acquire();
        } catch (IOException e) {
            return Exchange.failed(0, 0, kindOf(e), describe(e));
        }
        boolean reused = connection.uses() > 0;
        Exchange exchange = sendOn(connection);
        if (exchange.error() == ErrorKind.IO && reused && exchange.status() == 0 && !connection.receivedAny()) {
            try {
                exchange = sendOn(pool.connectFresh());
            } catch (IOException e) {
                return Exchange.failed(0, 0, kindOf(e), describe(e));
            }
        }
        return exchange;
    }

    /** How many connections were opened so far. */
    int connectionsOpened() {
        return pool.opened();
    }

    /** Closes every connection, failing requests still in flight. */
    @Override
    public void close() {
        pool.close();
    }

    private Exchange sendOn(HttpConnection connection) {
        FirstByteAndDone body = new FirstByteAndDone(stream);
        int status = 0;
        try {
            status = connection.exchange(request, body);
        } catch (IOException e) {
            pool.discard(connection);
            return Exchange.failed(status, body.firstByteNanos, kindOf(e), describe(e));
        }
        pool.release(connection);
        long end = System.nanoTime();
        if (status < 200 || status > 299) {
            return new Exchange(status, body.firstByteNanos, end, ErrorKind.STATUS, "HTTP " + status + body.errorSnippet());
        }
        if (stream && !body.done.found()) {
            return new Exchange(status, body.firstByteNanos, end, ErrorKind.INCOMPLETE_STREAM, "stream ended without data: [DONE]");
        }
        return new Exchange(status, body.firstByteNanos, end, null, null);
    }

    private static ErrorKind kindOf(IOException e) {
        return e instanceof SocketTimeoutException ? ErrorKind.TIMEOUT : ErrorKind.IO;
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    static byte[] requestBytes(BenchTarget target, Workload workload) {
        byte[] body = workload.body();
        StringBuilder head = new StringBuilder(256)
                .append("POST ").append(target.chatCompletionsPath()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(target.host()).append(':').append(target.port()).append("\r\n")
                .append("User-Agent: apprentice-bench\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Accept: ").append(workload.stream() ? "text/event-stream" : "application/json").append("\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n");
        for (Map.Entry<String, String> header : target.headers().entrySet()) {
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(head.length() + body.length);
        bytes.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(body);
        return bytes.toByteArray();
    }

    /**
     * Notes when the first body byte arrives and, for streams, whether {@code data: [DONE]} came; keeps the start of
     * an error body to say why a request failed.
     */
    private static final class FirstByteAndDone implements HttpConnection.Body {
        private static final int SNIPPET = 200;

        private final boolean stream;
        private final DoneMatcher done = new DoneMatcher();
        private long firstByteNanos;
        private byte[] errorHead;
        private int errorHeadLength;

        FirstByteAndDone(boolean stream) {
            this.stream = stream;
        }

        @Override
        public void status(int status) {
            if (status < 200 || status > 299) {
                errorHead = new byte[SNIPPET];
            }
        }

        @Override
        public void accept(byte[] buf, int off, int len) {
            if (firstByteNanos == 0 && len > 0) {
                firstByteNanos = System.nanoTime();
            }
            if (stream) {
                done.accept(buf, off, len);
            }
            if (errorHead != null && errorHeadLength < SNIPPET) {
                int n = Math.min(len, SNIPPET - errorHeadLength);
                System.arraycopy(buf, off, errorHead, errorHeadLength, n);
                errorHeadLength += n;
            }
        }

        /** {@code ": "} and the start of the error body on one line, or nothing when there was no body. */
        String errorSnippet() {
            if (errorHeadLength == 0) {
                return "";
            }
            String text = new String(errorHead, 0, errorHeadLength, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
            return text.isEmpty() ? "" : ": " + text;
        }
    }
}
