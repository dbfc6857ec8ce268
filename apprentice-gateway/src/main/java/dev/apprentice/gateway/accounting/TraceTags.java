package dev.apprentice.gateway.accounting;

import dev.apprentice.api.GatewayException;
import dev.apprentice.api.trace.TraceTagRules;
import java.util.Arrays;
import java.util.List;

/**
 * The caller's {@code x-apprentice-tags} header as the trace keeps it: trimmed of spaces and tabs, non-empty, each tag
 * once. Tags are labels to find calls by ({@code traces list --tag}), kept in every trace as given, never sent
 * upstream and never read by the guard: at most {@value #MAX_TAGS} tags of at most {@value #MAX_LENGTH} characters
 * each, without control or format characters ({@link TraceTagRules}, which the eval suite's variant names follow
 * too). A header over those limits is refused ({@link #check}), never stored cut short.
 */
public final class TraceTags {

  /** The header's name, lower-case as the gateway's call headers are kept. */
  public static final String HEADER = "x-apprentice-tags";
  /** {@link TraceTagRules#MAX_TAGS}. */
  public static final int MAX_TAGS = TraceTagRules.MAX_TAGS;
  /** {@link TraceTagRules#MAX_LENGTH}. */
  public static final int MAX_LENGTH = TraceTagRules.MAX_LENGTH;

  private TraceTags() {}

  /**
   * The tags of a header value, in order; none for null or blank, and none for a header {@link #check} refuses (the
   * trace of a refused request keeps no tag it refused).
   */
  public static List<String> of(String header) {
    List<String> tags = split(header); // split once: each trace asks, after the server's gate already checked it
    return problem(tags) == null ? tags : List.of();
  }

  /**
   * Refuses a header the gateway would not keep: 400 {@code invalid_request_error}, {@code param} the header's name,
   * the message saying why (never quoting the tag: it may be what the limits are there to keep out).
   */
  public static void check(String header) {
    String problem = problem(split(header));
    if (problem != null) throw GatewayException.invalid(HEADER, HEADER + ": " + problem);
  }

  /** Why a header's tags ({@link #split}) are refused, or null when they are kept. */
  private static String problem(List<String> tags) {
    if (tags.size() > MAX_TAGS) {
      return tags.size() + " tags, at most " + MAX_TAGS + " are kept (comma-separated)";
    }
    for (int i = 0; i < tags.size(); i++) {
      String tag = tags.get(i);
      TraceTagRules.Problem problem = TraceTagRules.problem(tag);
      if (problem == TraceTagRules.Problem.TOO_LONG) {
        return "tag " + (i + 1) + " has " + TraceTagRules.length(tag) + " characters, at most " + MAX_LENGTH
            + " are allowed";
      }
      if (problem == TraceTagRules.Problem.HIDDEN_CHARACTER) {
        return "tag " + (i + 1) + " holds a control or format character (a newline, ESC, a bidi override, ...)";
      }
    }
    return null;
  }

  private static List<String> split(String header) {
    if (header == null || header.isBlank()) return List.of();
    return Arrays.stream(header.split(",")).map(TraceTagRules::trimmed).filter(t -> !t.isEmpty()).distinct().toList();
  }
}
