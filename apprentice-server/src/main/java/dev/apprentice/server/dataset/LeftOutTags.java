package dev.apprentice.server.dataset;

import dev.apprentice.api.trace.TraceTagRules;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The tags whose calls a version built from traces leaves out: those asked for, and {@value TraceTagRules#EVAL}
 * unless the evaluation's own calls are let in. An evaluation tags each of its calls so; a dataset made of the
 * model's answers to an earlier evaluation, evaluated again, would grade the model on its own answers.
 */
public final class LeftOutTags {

  /** The names a caller gives the filters: the admin API's fields or the CLI's options. */
  public record Names(String tag, String excludeTags, String includeEvalCalls) {
    public static final Names API = new Names("tag", "exclude_tags", "include_eval_calls");
  }

  /** Filters that contradict each other; {@link #field} names the one to change, as the caller calls it. */
  public static final class Conflict extends IllegalArgumentException {
    private final String field;

    Conflict(String field, String message) {
      super(message);
      this.field = field;
    }

    public String field() {
      return field;
    }
  }

  private LeftOutTags() {}

  /**
   * A {@link Conflict} naming {@code excludedName} when {@code tag} (null: none) is also among the {@code excluded}
   * tags: no call could both carry it and not. Every trace filter checks this, not only a dataset's.
   */
  public static void checkNotBoth(String tag, List<String> excluded, String tagName, String excludedName) {
    if (tag != null && excluded.contains(tag)) {
      throw new Conflict(excludedName, "the tag '" + tag + "' is both " + tagName + " and in " + excludedName
          + ": no call could match");
    }
  }

  /**
   * The tags to leave out, {@value TraceTagRules#EVAL} first unless {@code evalCallsIncluded}, then {@code excluded}
   * in their order, each once; a {@link Conflict} when the filters could match no call, or ask for eval calls both
   * ways.
   */
  public static List<String> of(String tag, List<String> excluded, boolean evalCallsIncluded, Names names) {
    Set<String> tags = new LinkedHashSet<>();
    if (!evalCallsIncluded) tags.add(TraceTagRules.EVAL);
    checkNotBoth(tag, excluded, names.tag(), names.excludeTags());
    for (String t : excluded) {
      if (evalCallsIncluded && t.equals(TraceTagRules.EVAL)) {
        throw new Conflict(names.includeEvalCalls(), names.includeEvalCalls() + " takes the calls tagged '"
            + TraceTagRules.EVAL + "' that " + names.excludeTags() + " leaves out: give one of them");
      }
      tags.add(t);
    }
    if (!evalCallsIncluded && TraceTagRules.EVAL.equals(tag)) {
      throw new Conflict(names.tag(), names.tag() + " '" + TraceTagRules.EVAL + "' picks the evaluation's own calls,"
          + " which a dataset from traces leaves out unless asked for with " + names.includeEvalCalls());
    }
    return List.copyOf(tags);
  }
}
