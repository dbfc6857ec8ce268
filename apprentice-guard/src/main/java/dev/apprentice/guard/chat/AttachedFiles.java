package dev.apprentice.guard.chat;

import dev.apprentice.api.DataUrl;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The text files one call attaches ({@link FileText}), each decoded once for every pass of the guard over the call:
 * the scan, the check for content it cannot read, the redaction written back, the documents' check beside the
 * request. A file is known by its {@code file_data} string (the very instance, not an equal copy: comparing
 * megabytes would cost what decoding them does), and a file the redaction wrote again is known in its new form too,
 * so a pass over the redacted request decodes nothing. Thread-safe.
 */
public final class AttachedFiles {

  private final Function<DataUrl, String> decoder;
  private final Map<String, FileText> read = new IdentityHashMap<>();

  /** Files decoded as their data URLs say ({@link DataUrl#text()}). */
  public AttachedFiles() {
    this(DataUrl::text);
  }

  /**
   * Files decoded by {@code decoder}, which answers a text file's text or throws {@link IllegalArgumentException}
   * when its data does not decode; a test counts the decodes with it.
   */
  public AttachedFiles(Function<DataUrl, String> decoder) {
    this.decoder = decoder;
  }

  /** The text of {@code file} (a file part's {@code file} object), or null when it holds none the guard can read. */
  synchronized FileText of(Map<?, ?> file) {
    if (!(file.get(FileText.FILE_DATA) instanceof String written) || !DataUrl.is(written)) return null;
    if (read.containsKey(written)) return read.get(written);
    FileText text = decode(written);
    read.put(written, text);
    return text;
  }

  /** Remembers {@code file}, a file written again with other text, as already decoded. */
  synchronized void remember(FileText file) {
    read.put(file.written(), file);
  }

  private FileText decode(String written) {
    try {
      DataUrl url = DataUrl.parse(written);
      return url.textual() ? new FileText(this, written, url, decoder.apply(url)) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
