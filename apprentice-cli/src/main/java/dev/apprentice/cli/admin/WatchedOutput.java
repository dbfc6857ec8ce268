package dev.apprentice.cli.admin;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * Standard output for a stream of lines that may be long (an export of every call), watched for its reader leaving:
 * a {@link PrintWriter} never fails a write, so {@code traces export | head -1} would otherwise read the whole call log
 * (and a server send all of it) into a closed pipe. Every {@value #CHECK_EVERY} characters, and at each flush, it asks
 * the writer whether a write failed, and throws {@link Closed} once one did.
 */
final class WatchedOutput extends Writer {

  /** How many characters go out between two looks (each look flushes: fewer looks, fewer small writes). */
  static final int CHECK_EVERY = 64 * 1024;

  /** Standard output's reader left: the stream stops here. */
  private static final class Closed extends RuntimeException {
    Closed() {
      super("cannot write to standard output (its reader left, or its file cannot grow): the export stopped", null,
          false, false);
    }
  }

  private final PrintWriter out;
  private long unchecked;

  WatchedOutput(PrintWriter out) {
    this.out = out;
  }

  /**
   * Runs {@code export} writing to standard output {@code out}, watched: once a write fails it stops, a failure
   * (exit 1) saying so.
   */
  static void export(PrintWriter out, ExportFile.Content export) {
    try (WatchedOutput watched = new WatchedOutput(out)) {
      export.writeTo(watched);
    } catch (Closed e) {
      throw AdminFailure.failed(e.getMessage());
    }
  }

  @Override
  public void write(char[] chars, int offset, int length) {
    out.write(chars, offset, length);
    unchecked += length;
    if (unchecked >= CHECK_EVERY) {
      unchecked = 0;
      check();
    }
  }

  @Override
  public void flush() {
    check();
  }

  @Override
  public void close() {
    flush();
  }

  private void check() {
    if (out.checkError()) throw new Closed();
  }
}
