package dev.apprentice.api;

import java.util.regex.Pattern;

/**
 * The text of an exception made fit for a client: the Java class names in it taken out. A library often words a
 * failure by the one it wraps ({@code java.net.ConnectException: Connection refused}, {@code PKIX path building
 * failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path}), and
 * the name says nothing a client can act on while it tells of the server's insides; what is said around it stays.
 */
public final class JavaNames {

  /**
   * Where a class name ends: not inside a longer name, path or URL, though a full stop may follow it, as at the end
   * of a sentence ({@code failed: java.io.IOException.}).
   */
  private static final String ENDS = "(?![\\w$/\\\\]|\\.[\\w$])";
  /** What goes with a class name: the colon (and blanks) after it, or the full stop that ends its sentence. */
  private static final String AFTER = "(?::\\s*|\\.)?";

  /**
   * A qualified class name ({@code java.io.IOException}, {@code a.b.Outer$Inner}) and the colon after it: a package of
   * two parts or more, as every library's is, or one part before an exception's or error's name; so never a host or
   * a model id of one dot ({@code db.Internal}, {@code api.Example}, Bedrock's {@code anthropic.claude-3}), nor one
   * followed by a hyphen ({@code us.meta.Llama-3}), which no class name holds. Never a part of a path or URL
   * ({@code /srv/notes.Work}, {@code https://host/v1.Chat}) nor a host before its port ({@code my.db.Internal:5432}),
   * which a class name is not written as.
   */
  private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.$/\\\\])(?:(?:[a-z_][a-z0-9_]*\\.){2,}[A-Z][\\w$]*"
      + "|[a-z_][a-z0-9_]*\\.[A-Z][\\w$]*(?:Exception|Error))" + ENDS + "(?!-)(?!:\\d)" + AFTER);
  /** A bare exception or error class name ({@code ClosedChannelException}) and the colon after it. */
  private static final Pattern BARE =
      Pattern.compile("(?<![\\w.$/\\\\])[A-Z][\\w$]*(?:Exception|Error)" + ENDS + AFTER);
  private static final Pattern EMPTY_BRACKETS = Pattern.compile("\\(\\s*\\)");
  private static final Pattern BLANKS = Pattern.compile("\\s+");

  private JavaNames() {}

  /** {@code text} without the Java class names in it; null when nothing else is left (or it was null). */
  public static String removedFrom(String text) {
    if (text == null) return null;
    String left = BARE.matcher(QUALIFIED.matcher(text).replaceAll("")).replaceAll("");
    left = BLANKS.matcher(EMPTY_BRACKETS.matcher(left).replaceAll("")).replaceAll(" ").strip();
    while (!left.isEmpty() && ":;,".indexOf(left.charAt(left.length() - 1)) >= 0) {
      left = left.substring(0, left.length() - 1).strip();
    }
    return left.isEmpty() ? null : left;
  }
}
