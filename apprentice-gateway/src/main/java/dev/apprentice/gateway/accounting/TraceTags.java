package dev.apprentice.gateway.accounting;

import dev.apprentice.api.GatewayException;
import dev.apprentice.api.access.HiddenCharacters;
import java.util.Arrays;
import java.util.List;

/**
 * The caller's {@code x-apprentice-tags} header as the trace keeps it: trimmed of spaces and tabs, non-empty, each tag
 * once. Tags are labels to find calls by ({@code traces list --tag}), kept in every trace as given, never sent
 * upstream and never read by the guard: at most {@value #MAX_TAGS} tags of at most {@value #MAX_LENGTH} characters
 * each, without control or format characters. A header over those limits is refused ({@link #check}), never stored
 * cut short.
 */
public final class TraceTags {

  /** The header's name, lower-case as the gateway's call headers are kept. */
  public static final String HEADER = "x-apprentice-tags";
  /** Enough for an application's, an experiment's and an evaluation's labels together. */
  public static final int MAX_TAGS = 32;
  /** A label, an id or a short path fits; a document does not. */
  public static final int MAX_LENGTH = 128;

  private TraceTags() {}

  /**
   * The tags of a header value, in order; none for null or blank, and none for a header {@link #check} refuses (the
   * trace of a refused request keeps no tag it refused).
   */
  public static List<String> of(String header) {
    return problem(header) == null ? split(header) : List.of();
  }

  /**
   * Refuses a header the gateway would not keep: 400 {@code invalid_request_error}, {@code param} the header's name,
   * the message saying why (never quoting the tag: it may be what the limits are there to keep out).
   */
  public static void check(String header) {
    String problem = problem(header);
    if (problem != null) throw GatewayException.invalid(HEADER, HEADER + ": " + problem);
  }

  /** Why a header value is refused, or null when it is kept. */
  static String problem(String header) {
    if (header == null) return null;
    List<String> tags = split(header);
    if (tags.size() > MAX_TAGS) {
      return tags.size() + " tags, at most " + MAX_TAGS + " are kept (comma-separated)";
    }
    for (int i = 0; i < tags.size(); i++) {
      String tag = tags.get(i);
      int length = tag.codePointCount(0, tag.length());
      if (length > MAX_LENGTH) {
        return "tag " + (i + 1) + " has " + length + " characters, at most " + MAX_LENGTH + " are allowed";
      }
      if (!HiddenCharacters.noneIn(tag)) {
        return "tag " + (i + 1) + " holds a control or format character (a newline, ESC, a bidi override, ...)";
      }
    }
    return null;
  }

  private static List<String> split(String header) {
    if (header == null || header.isBlank()) return List.of();
    return Arrays.stream(header.split(",")).map(TraceTags::trimmed).filter(t -> !t.isEmpty()).distinct().toList();
  }

  /** Without the spaces and tabs around it (HTTP's optional whitespace), and nothing else: the rest is checked. */
  private static String trimmed(String tag) {
    int start = 0;
    int end = tag.length();
    while (start < end && (tag.charAt(start) == ' ' || tag.charAt(start) == '\t')) start++;
    while (end > start && (tag.charAt(end - 1) == ' ' || tag.charAt(end - 1) == '\t')) end--;
    return tag.substring(start, end);
  }
}
