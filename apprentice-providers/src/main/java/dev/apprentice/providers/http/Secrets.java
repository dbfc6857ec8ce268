package dev.apprentice.providers.http;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The credentials a provider sends upstream (its API key, the values of its configured headers), kept so that no
 * text an upstream wrote can carry them on: an OpenAI-compatible server or proxy may quote the key it refused in its
 * error, and that error reaches the caller (a 502's message, a stream's error event), the trace and the log. Values
 * shorter than {@link #SHORTEST} characters are not hidden: they are no credential, and replacing them would mangle
 * ordinary text.
 */
public final class Secrets {

  /** Values shorter than this are left alone (a header such as {@code anthropic-version: 2023-06-01} is no secret). */
  static final int SHORTEST = 8;
  static final String MASK = "****";

  public static final Secrets NONE = new Secrets(List.of());

  private final List<String> values;

  private Secrets(List<String> values) {
    this.values = values;
  }

  /** The credentials a provider sends: its API key and the values of its configured headers (either may be null). */
  public static Secrets sentWith(String apiKey, Map<String, String> headers) {
    List<String> values = new ArrayList<>();
    values.add(apiKey);
    if (headers != null) values.addAll(headers.values());
    return of(values);
  }

  /** The secrets among {@code values}; nulls, blanks and short values are skipped, the rest stripped. */
  public static Secrets of(Collection<String> values) {
    List<String> kept = new ArrayList<>();
    for (String value : values) {
      if (value == null) continue;
      String stripped = value.strip();
      if (stripped.length() >= SHORTEST && !kept.contains(stripped)) kept.add(stripped);
    }
    kept.sort(Comparator.comparingInt(String::length).reversed()); // a key that holds another is hidden whole
    return kept.isEmpty() ? NONE : new Secrets(List.copyOf(kept));
  }

  /** {@code text} with every secret in it replaced by {@code ****}; null stays null. */
  public String hide(String text) {
    if (text == null || values.isEmpty()) return text;
    String hidden = text;
    for (String value : values) {
      if (hidden.contains(value)) hidden = hidden.replace(value, MASK);
    }
    return hidden;
  }
}
