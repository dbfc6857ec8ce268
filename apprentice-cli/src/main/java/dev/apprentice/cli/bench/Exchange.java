package dev.apprentice.cli.bench;

/**
 * What one request/response exchange produced.
 *
 * @param status         the HTTP status, or 0 when no status line was read
 * @param firstByteNanos {@link System#nanoTime()} when the first body byte arrived, or 0 when none did
 * @param endNanos       {@link System#nanoTime()} when the exchange finished (successfully or not)
 * @param error          why it failed, or {@code null} on success
 * @param detail         a one-line description of the failure, or {@code null}
 */
public record Exchange(int status, long firstByteNanos, long endNanos, ErrorKind error, String detail) {

    public boolean ok() {
        return error == null;
    }

    static Exchange failed(int status, long firstByteNanos, ErrorKind error, String detail) {
        return new Exchange(status, firstByteNanos, System.nanoTime(), error, detail);
    }
}
