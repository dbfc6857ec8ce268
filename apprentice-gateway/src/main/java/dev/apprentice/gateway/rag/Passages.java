package dev.apprentice.gateway.rag;

import dev.apprentice.api.retrieval.RetrievedChunk;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Retrieved chunks as the prompt shows them: each between {@code <passage id="CHUNK-ID">} and {@code </passage>} on
 * lines of their own, one blank line apart. A document's text is the collection's content, not the operator's: it
 * must not end its passage and go on as if it were the template's own text, or open one that claims another source.
 * So every {@code <} that starts a {@code passage} tag in the text ({@code </passage>}, {@code <PASSAGE id=...>}, with
 * blanks or not) is written {@code &lt;}, and the id is written as an XML attribute value. The rest of the text goes
 * in as it is, so the tags the model reads are exactly one pair per chunk.
 */
final class Passages {

  private static final Pattern TAG_START = Pattern.compile("<(?=\\s*/?\\s*passage)", Pattern.CASE_INSENSITIVE);

  private Passages() {}

  static String render(List<RetrievedChunk> chunks) {
    StringBuilder out = new StringBuilder();
    for (RetrievedChunk chunk : chunks) {
      if (!out.isEmpty()) out.append("\n\n");
      out.append(passage(chunk));
    }
    return out.toString();
  }

  /** One chunk's passage, tags included. */
  static String passage(RetrievedChunk chunk) {
    return "<passage id=\"" + attribute(chunk.chunkId()) + "\">\n"
        + TAG_START.matcher(chunk.text().strip()).replaceAll("&lt;") + "\n</passage>";
  }

  private static String attribute(String value) {
    return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
