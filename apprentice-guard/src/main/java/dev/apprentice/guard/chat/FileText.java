package dev.apprentice.guard.chat;

import dev.apprentice.api.DataUrl;

/**
 * The text of a {@code file} part whose {@code file_data} is a text file
 * ({@code data:text/plain[;charset=…][;base64],…}, or another {@code text/*} type): decoded for the scanners, once
 * per call ({@link AttachedFiles}), and written back, once redacted, in the form it came in
 * ({@link DataUrl#withText}: base64 stays base64, percent-encoding stays percent-encoding, the charset is kept). A
 * PDF, another binary type, a {@code file_id} or data that does not decode has no text the guard can read
 * ({@link UnreadableParts}).
 */
final class FileText {

  static final String FILE = "file";
  static final String FILE_DATA = "file_data";

  private final AttachedFiles files;
  private final String written;
  private final DataUrl url;
  private final String text;

  FileText(AttachedFiles files, String written, DataUrl url, String text) {
    this.files = files;
    this.written = written;
    this.url = url;
    this.text = text;
  }

  /** The decoded text. */
  String text() {
    return text;
  }

  /** The {@code file_data} as the part holds it. */
  String written() {
    return written;
  }

  /**
   * The {@code file_data} holding {@code changed} instead, encoded as this one is; as written when unchanged. The
   * call's files know the new one as decoded: a later pass over the request that holds it reads {@code changed}.
   */
  String with(String changed) {
    if (changed.equals(text)) return written;
    DataUrl rewritten = url.withText(changed);
    FileText file = new FileText(files, rewritten.url(), rewritten, changed);
    files.remember(file);
    return file.written();
  }
}
