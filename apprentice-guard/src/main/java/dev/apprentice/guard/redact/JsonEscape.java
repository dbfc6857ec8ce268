package dev.apprentice.guard.redact;

/** Escapes a value for the inside of a JSON string (no surrounding quotes). */
public final class JsonEscape {

  private JsonEscape() {}

  public static String escape(String value) {
    StringBuilder out = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      String replacement = switch (c) {
        case '"' -> "\\\"";
        case '\\' -> "\\\\";
        case '\n' -> "\\n";
        case '\r' -> "\\r";
        case '\t' -> "\\t";
        default -> c < 0x20 ? String.format("\\u%04x", (int) c) : null;
      };
      if (replacement != null && out == null) out = new StringBuilder(value.length() + 8).append(value, 0, i);
      if (out != null) {
        if (replacement != null) out.append(replacement);
        else out.append(c);
      }
    }
    return out == null ? value : out.toString();
  }
}
