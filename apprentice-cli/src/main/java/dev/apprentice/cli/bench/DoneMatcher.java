package dev.apprentice.cli.bench;

import java.nio.charset.StandardCharsets;

/** Watches a response body as it arrives, in pieces, and notes whether the SSE terminator {@code data: [DONE]} passed by. */
final class DoneMatcher {

    private static final byte[] DONE = "data: [DONE]".getBytes(StandardCharsets.US_ASCII);

    private int matched;
    private boolean found;

    /** Feeds the next piece of the body. */
    void accept(byte[] buf, int off, int len) {
        for (int i = off; i < off + len && !found; i++) {
            byte b = buf[i];
            // the pattern's first byte occurs nowhere else in it, so on a mismatch the only possible restart is at this byte
            matched = b == DONE[matched] ? matched + 1 : (b == DONE[0] ? 1 : 0);
            found = matched == DONE.length;
        }
    }

    boolean found() {
        return found;
    }
}
