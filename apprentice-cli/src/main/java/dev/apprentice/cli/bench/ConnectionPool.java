package dev.apprentice.cli.bench;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/** Keep-alive connections to one host and port; most recently used first, so idle ones are the rarely used. */
final class ConnectionPool implements Closeable {

    private final String host;
    private final int port;
    private final Duration timeout;
    private final ConcurrentLinkedDeque<HttpConnection> idle = new ConcurrentLinkedDeque<>();
    private final Set<HttpConnection> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger opened = new AtomicInteger();
    private volatile boolean closed;

    ConnectionPool(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    /** An idle connection, or a new one. */
    HttpConnection acquire() throws IOException {
        HttpConnection connection = idle.pollFirst();
        return connection != null ? connection : connectFresh();
    }

    /** A new connection, never a pooled one. */
    HttpConnection connectFresh() throws IOException {
        if (closed) {
            throw new IOException("connection pool closed");
        }
        HttpConnection connection = HttpConnection.open(host, port, timeout);
        opened.incrementAndGet();
        open.add(connection);
        if (closed) {
            discard(connection);
            throw new IOException("connection pool closed");
        }
        return connection;
    }

    /** Returns a connection after an exchange: kept when the response allows reuse, closed otherwise. */
    void release(HttpConnection connection) {
        if (!closed && connection.reusable()) {
            idle.offerFirst(connection);
        } else {
            discard(connection);
        }
    }

    void discard(HttpConnection connection) {
        open.remove(connection);
        connection.close();
    }

    /** How many connections were opened so far. */
    int opened() {
        return opened.get();
    }

    /** Closes every connection, also those in use, which makes their pending reads fail at once. */
    @Override
    public void close() {
        closed = true;
        for (HttpConnection connection : open) {
            discard(connection);
        }
        idle.clear();
    }
}
