package dev.apprentice.guard.chat;

import dev.apprentice.api.DataUrl;
import java.util.Map;

/**
 * The text of a {@code file} part whose {@code file_data} is a text file
 * ({@code data:text/plain[;charset=…][;base64],…}, or another {@code text/*} type): decoded for the scanners, and written back, once redacted, in the form it came in
 * ({@link DataUrl#withText}: base64 stays base64, percent-encoding stays percent-encoding, the charset is kept). A PDF,
 * another binary type, a {@code file_id} or data that does not decode has no text the guard can read
 * ({@link UnreadableParts}).
 */
final class FileText {

  static final String FILE = "file";
  static final String FILE_DATA = "file_data";

  private final String written;
  private final DataUrl url;
  private final String text;

  private FileText(String written, DataUrl url, String text) {
    this.written = written;
    this.url = url;
    this.text = text;
  }

  /** The text of {@code file} (a file part's {@code file} object), or null when it holds none the guard can read. */
  static FileText of(Map<?, ?> file) {
    if (!(file.get(FILE_DATA) instanceof String written) || !DataUrl.is(written)) return null;
    try {
      DataUrl url = DataUrl.parse(written);
      return url.textual() ? new FileText(written, url, url.text()) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The decoded text. */
  String text() {
    return text;
  }

  /** The {@code file_data} as the part holds it. */
  String written() {
    return written;
  }

  /** The {@code file_data} holding {@code changed} instead, encoded as this one is; as written when unchanged. */
  String with(String changed) {
    return changed.equals(text) ? written : url.withText(changed).url();
  }
}
