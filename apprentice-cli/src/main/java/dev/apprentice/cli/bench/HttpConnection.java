package dev.apprentice.cli.bench;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection over a plain socket: writes a prepared request, reads the status, headers and
 * the body (fixed length, chunked, or up to close), and hands body bytes to a {@link Body} as they arrive. Lighter
 * than the JDK HttpClient on the load generator's side, which shares two cores with the servers it measures.
 */
final class HttpConnection implements Closeable {

    /** Receives the response status once the headers are read, then the body in pieces. */
    interface Body {
        void status(int status);

        void accept(byte[] buf, int off, int len);
    }

    private static final int MAX_LINE = 8 * 1024;
    private static final int MAX_HEADERS = 200;
    private static final long MAX_BODY = 64L * 1024 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    private final StringBuilder line = new StringBuilder(128);
    private int uses;
    private boolean reusable = true;
    private boolean receivedAny;

    private HttpConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static HttpConnection open(String host, int port, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            socket.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            return new HttpConnection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends {@code request} (complete, with headers and body) and reads one response; returns its status. */
    int exchange(byte[] request, Body body) throws IOException {
        uses++;
        receivedAny = false;
        out.write(request);
        out.flush();
        String statusLine = readLine();
        int status = parseStatus(statusLine);
        boolean http10 = statusLine.startsWith("HTTP/1.0");
        long contentLength = -1;
        boolean chunked = false;
        boolean close = http10;
        for (int i = 0; ; i++) {
            String header = readLine();
            if (header.isEmpty()) {
                break;
            }
            if (i >= MAX_HEADERS) {
                throw new IOException("more than " + MAX_HEADERS + " response headers");
            }
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed response header: " + header);
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> contentLength = parseLength(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> close = value.contains("close") || (http10 && !value.contains("keep-alive"));
                default -> { }
            }
        }
        body.status(status);
        if (status == 204 || status == 304 || (status >= 100 && status < 200)) {
            reusable = !close;
            return status;
        }
        if (chunked) {
            readChunked(body);
        } else if (contentLength >= 0) {
            readFixed(contentLength, body);
        } else {
            readToClose(body);
            close = true;
        }
        reusable = !close;
        return status;
    }

    /** How many exchanges this connection has started. */
    int uses() {
        return uses;
    }

    /** Whether any response byte arrived during the current exchange (a stale keep-alive connection gets none). */
    boolean receivedAny() {
        return receivedAny;
    }

    /** Whether the last response allows another request on this connection. */
    boolean reusable() {
        return reusable && !socket.isClosed();
    }

    @Override
    public void close() {
        reusable = false;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket that is already broken has nothing left to report
        }
    }

    private void readChunked(Body body) throws IOException {
        long total = 0;
        while (true) {
            String sizeLine = readLine();
            int semicolon = sizeLine.indexOf(';');
            long size = parseChunkSize(semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon));
            if (size == 0) {
                for (int i = 0; !readLine().isEmpty(); i++) {
                    if (i >= MAX_HEADERS) {
                        throw new IOException("too many trailer lines");
                    }
                }
                return;
            }
            total += size;
            if (total > MAX_BODY) {
                throw new IOException("response body over " + MAX_BODY + " bytes");
            }
            readFixed(size, body);
            if (!readLine().isEmpty()) {
                throw new IOException("chunk not followed by CRLF");
            }
        }
    }

    private void readFixed(long length, Body body) throws IOException {
        if (length > MAX_BODY) {
            throw new IOException("response body over " + MAX_BODY + " bytes");
        }
        long left = length;
        while (left > 0) {
            if (position == limit && !fill()) {
                throw new EOFException("connection closed with " + left + " body bytes missing");
            }
            int n = (int) Math.min(limit - position, left);
            body.accept(buffer, position, n);
            position += n;
            left -= n;
        }
    }

    private void readToClose(Body body) throws IOException {
        long total = 0;
        while (position < limit || fill()) {
            int n = limit - position;
            total += n;
            if (total > MAX_BODY) {
                throw new IOException("response body over " + MAX_BODY + " bytes");
            }
            body.accept(buffer, position, n);
            position = limit;
        }
    }

    private String readLine() throws IOException {
        line.setLength(0);
        while (true) {
            if (position == limit && !fill()) {
                throw new EOFException(receivedAny ? "connection closed mid-response" : "connection closed before a response");
            }
            byte b = buffer[position++];
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("response line longer than " + MAX_LINE + " bytes");
            }
            line.append((char) (b & 0xff));
        }
    }

    /** Reads more bytes into the empty buffer; false at end of stream. */
    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        receivedAny = true;
        position = 0;
        limit = n;
        return true;
    }

    private static int parseStatus(String statusLine) throws IOException {
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.x status line: " + printable(statusLine));
        }
        try {
            return Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("bad status code in: " + printable(statusLine));
        }
    }

    private static long parseLength(String value) throws IOException {
        try {
            long length = Long.parseLong(value);
            if (length < 0) {
                throw new IOException("negative content-length " + value);
            }
            return length;
        } catch (NumberFormatException e) {
            throw new IOException("bad content-length " + value);
        }
    }

    private static long parseChunkSize(String hex) throws IOException {
        try {
            long size = Long.parseLong(hex.trim(), 16);
            if (size < 0) {
                throw new IOException("negative chunk size " + hex);
            }
            return size;
        } catch (NumberFormatException e) {
            throw new IOException("bad chunk size line: " + printable(hex));
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
