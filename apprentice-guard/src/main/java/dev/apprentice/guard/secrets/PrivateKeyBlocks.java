package dev.apprentice.guard.secrets;

import dev.apprentice.guard.Finding;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM and PGP private key blocks, from the BEGIN line to the END line; a block cut short (no END line, as in a
 * truncated paste) runs to the end of its base64 body.
 */
final class PrivateKeyBlocks {

  private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----");
  private static final Pattern END = Pattern.compile("-----END ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----");
  private static final Pattern BODY = Pattern.compile("[A-Za-z0-9+/=:,\\-\\s]*");

  private PrivateKeyBlocks() {}

  static void find(String text, List<Finding> out) {
    if (!text.contains("PRIVATE KEY")) return;
    Matcher begin = BEGIN.matcher(text);
    int from = 0;
    while (begin.find(from)) {
      Matcher end = END.matcher(text).region(begin.end(), text.length());
      int stop;
      if (end.find()) {
        stop = end.end();
      } else {
        Matcher body = BODY.matcher(text).region(begin.end(), text.length());
        stop = body.lookingAt() ? trimRight(text, begin.end(), body.end()) : begin.end();
      }
      out.add(new Finding("SECRET", "private_key", begin.start(), stop, 0.99, text.substring(begin.start(), stop)));
      from = stop;
    }
  }

  private static int trimRight(String text, int start, int end) {
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) end--;
    return end;
  }
}
