package dev.apprentice.api.trace;

import dev.apprentice.api.access.HiddenCharacters;

/**
 * What one trace tag may be ({@code x-apprentice-tags}): the gateway keeps a tag trimmed of the spaces and tabs around
 * it, at most {@value #MAX_LENGTH} characters long and without control or format characters, and at most
 * {@value #MAX_TAGS} of them per call. The gateway's header check and the eval suite's variant names (each tags its
 * calls' traces) both ask here, so that a name the suite accepts is a tag the gateway keeps as it is.
 */
public final class TraceTagRules {

  /** Enough for an application's, an experiment's and an evaluation's labels together. */
  public static final int MAX_TAGS = 32;
  /** A label, an id or a short path fits; a document does not. */
  public static final int MAX_LENGTH = 128;

  /**
   * The tag every call of an evaluation run carries, before its run id and its variant's name: a dataset built from
   * traces leaves these calls out unless told otherwise, since the model's answers to an evaluation are no ground truth
   * to evaluate it on.
   */
  public static final String EVAL = "eval";

  /**
   * The most tags one query may leave out: each is a condition of the query, and a thousand of them is deeper than
   * SQLite's expression tree may be (the read would fail instead of answering).
   */
  public static final int MAX_LEFT_OUT = 100;

  /** Why a tag is not kept; each caller words it for its own reader. */
  public enum Problem {
    /** Over {@link #MAX_LENGTH} characters. */
    TOO_LONG,
    /** A control or format character ({@link HiddenCharacters}). */
    HIDDEN_CHARACTER
  }

  private TraceTagRules() {}

  /** Why a tag, already {@link #trimmed}, is not kept; null when it is. */
  public static Problem problem(String tag) {
    if (length(tag) > MAX_LENGTH) return Problem.TOO_LONG;
    if (!HiddenCharacters.noneIn(tag)) return Problem.HIDDEN_CHARACTER;
    return null;
  }

  /**
   * Why {@code tag}, given as a filter (a tag to find calls by, or to leave them out by), is no tag a trace can keep,
   * in words that follow the filter's name ({@code --tag holds a comma, ...}); null when it could be one. A kept tag is
   * never empty, holds no comma (the header is split on commas), has no space or tab around it, and follows
   * {@link #problem}. Such a filter would match nothing, or match inside the stored list ({@code ","}), so callers
   * refuse it; the tag itself is not quoted, as it may hold what the rules keep out.
   */
  public static String filterProblem(String tag) {
    if (tag.isEmpty()) return "is empty, and no call has an empty tag";
    if (tag.indexOf(',') >= 0) {
      return "holds a comma, and no tag does (x-apprentice-tags is split on commas): give one tag per filter";
    }
    if (!trimmed(tag).equals(tag)) return "has a space or tab around it, which the gateway trims from every tag";
    return switch (problem(tag)) {
      case TOO_LONG -> "has more than " + MAX_LENGTH + " characters, which no tag has";
      case HIDDEN_CHARACTER -> "holds a control or format character, which no tag holds";
      case null -> null;
    };
  }

  /**
   * Why {@code count} tags to leave out are too many for one query, in words that follow the filter's name; null when
   * they are not.
   */
  public static String leftOutProblem(int count) {
    return count > MAX_LEFT_OUT ? "names " + count + " tags; at most " + MAX_LEFT_OUT + " may be left out at once"
        : null;
  }

  /** A tag's length in characters (code points, not UTF-16 units). */
  public static int length(String tag) {
    return tag.codePointCount(0, tag.length());
  }

  /** Without the spaces and tabs around it (HTTP's optional whitespace), and nothing else: the rest is checked. */
  public static String trimmed(String tag) {
    int start = 0;
    int end = tag.length();
    while (start < end && (tag.charAt(start) == ' ' || tag.charAt(start) == '\t')) start++;
    while (end > start && (tag.charAt(end - 1) == ' ' || tag.charAt(end - 1) == '\t')) end--;
    return tag.substring(start, end);
  }
}
