package dev.apprentice.guard.secrets;

import dev.apprentice.guard.Finding;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM and PGP private key blocks, from the BEGIN line to the END line; a block cut short (no END line, as in a
 * truncated paste) runs to the end of its base64 body. One pass: the END lines are searched forward only, never again
 * from each BEGIN line (a text of BEGIN lines without an END would cost the square of its length), and the words
 * before "PRIVATE KEY" are few and short ("RSA", "ENCRYPTED", "PGP").
 */
final class PrivateKeyBlocks {

  private static final String KIND = "(?:[A-Z0-9]{1,16} ){0,3}PRIVATE KEY(?: BLOCK)?-----";
  private static final Pattern BEGIN = Pattern.compile("-----BEGIN " + KIND);
  private static final Pattern END = Pattern.compile("-----END " + KIND);
  private static final Pattern BODY = Pattern.compile("[A-Za-z0-9+/=:,\\-\\s]*+");

  private PrivateKeyBlocks() {}

  static void find(String text, List<Finding> out) {
    if (!text.contains("PRIVATE KEY")) return;
    Matcher begin = BEGIN.matcher(text);
    Matcher end = END.matcher(text);
    boolean ends = end.find();
    int from = 0;
    while (begin.find(from)) {
      while (ends && end.start() < begin.end()) ends = end.find();
      int stop;
      if (ends) {
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
