package dev.apprentice.cli.admin;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Locale;

/** Reports how far an import has read its file, on stderr, once a second after the first second. */
final class ImportProgress extends FilterInputStream {

  private static final long NANOS_PER_REPORT = 1_000_000_000L;

  private final long size;
  private final PrintWriter err;
  private long read;
  private long lastReport = System.nanoTime();

  private ImportProgress(InputStream in, long size, PrintWriter err) {
    super(in);
    this.size = size;
    this.err = err;
  }

  static InputStream wrap(InputStream in, long size, PrintWriter err) {
    return new ImportProgress(in, size, err);
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) advance(1);
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) advance(n);
    return n;
  }

  private void advance(long n) {
    read += n;
    long now = System.nanoTime();
    if (now - lastReport >= NANOS_PER_REPORT) {
      lastReport = now;
      err.printf(Locale.ROOT, "  read %.0f%% (%.1f of %.1f MB)%n", size == 0 ? 100.0 : 100.0 * read / size, read / 1e6,
          size / 1e6);
      err.flush();
    }
  }
}
