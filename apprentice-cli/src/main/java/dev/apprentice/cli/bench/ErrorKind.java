package dev.apprentice.cli.bench;

/** Why a benchmark request counts as failed. */
public enum ErrorKind {
    /** The target answered with a status outside 2xx. */
    STATUS,
    /** The connection failed or broke (refused, reset, malformed response). */
    IO,
    /** No bytes arrived within the per-request timeout. */
    TIMEOUT,
    /** A stream ended without its {@code data: [DONE]} line. */
    INCOMPLETE_STREAM,
    /** Not sent: the bound on requests in flight was reached (the target is saturated). */
    DROPPED;

    /** Lower-case name used in reports, e.g. {@code incomplete_stream}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
