package dev.apprentice.cli.bench;

import java.util.Locale;

/** Formats the benchmark's numbers the same way in every report. */
final class Units {

    private Units() {
    }

    /** Microseconds as milliseconds with three decimals, e.g. {@code 0.412}. */
    static String millis(long micros) {
        return String.format(Locale.ROOT, "%.3f", micros / 1000.0);
    }

    /** Microseconds as signed milliseconds, e.g. {@code +0.412}. */
    static String signedMillis(long micros) {
        return String.format(Locale.ROOT, "%+.3f", micros / 1000.0);
    }

    /** KiB as whole MiB. */
    static String mebibytes(long kib) {
        return Long.toString(Math.round(kib / 1024.0));
    }

    /** A ratio such as {@code 6.4x}, or {@code 0.02x} below one. */
    static String ratio(double ratio) {
        return String.format(Locale.ROOT, ratio < 1 ? "%.2fx" : "%.1fx", ratio);
    }

    /** A rate with no decimals. */
    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%.0f", perSecond);
    }
}
