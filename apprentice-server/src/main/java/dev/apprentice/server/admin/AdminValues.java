package dev.apprentice.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.trace.TraceTagRules;
import dev.apprentice.server.dataset.LeftOutTags;
import dev.apprentice.store.TraceQuery;
import java.util.List;

/**
 * Values the admin API reads in more than one place, checked the same way everywhere: a value that is not what the
 * field takes is a 400 naming the field, never read as the default ({@code append: "yes"} is not {@code false}).
 */
final class AdminValues {

  private AdminValues() {}

  /** The {@code limit} of a page (1 to 1000), or {@code otherwise} when none is given. */
  static Integer limit(String text, Integer otherwise) {
    if (text == null) return otherwise;
    int limit;
    try {
      limit = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > 1000) throw GatewayException.invalid("limit", "limit must be between 1 and 1000");
    return limit;
  }

  /** A prompt filter ({@code name} or {@code name@3}), or null when there is none. */
  static String prompt(String text) {
    if (text == null || TraceQuery.isPromptFilter(text)) return text;
    throw GatewayException.invalid("prompt", "prompt must be a prompt name, alone or with a version number (triage or "
        + "triage@3; traces keep the version a call used, not its label); got '" + text + "'");
  }

  /** A status filter ({@code ok}, {@code error}, {@code 429}), or null when there is none. */
  static String status(String text) {
    String problem = TraceQuery.statusProblem("status", text);
    if (problem != null) throw GatewayException.invalid("status", problem);
    return text;
  }

  /**
   * A tag filter named {@code param} ({@code tag}, {@code exclude_tag}...), or null when there is none; one that no
   * trace can keep ({@link TraceTagRules#filterProblem}: a comma, as in {@code a,b}, above all) is a 400.
   */
  static String tag(String param, String tag) {
    String problem = tag == null ? null : TraceTagRules.filterProblem(tag);
    if (problem != null) throw GatewayException.invalid(param, param + " " + problem);
    return tag;
  }

  /**
   * The tags to leave out named {@code param}, each checked as {@link #tag} checks one; more than
   * {@link TraceTagRules#MAX_LEFT_OUT} is a 400.
   */
  static List<String> tags(String param, List<String> tags) {
    String tooMany = TraceTagRules.leftOutProblem(tags.size());
    if (tooMany != null) throw GatewayException.invalid(param, param + " " + tooMany);
    tags.forEach(t -> tag(param, t));
    return tags;
  }

  /**
   * Refuses, as a 400 naming {@code excludedParam}, a {@code tag} that is also among the {@code excluded} tags: no call
   * could match ({@link LeftOutTags#checkNotBoth}).
   */
  static void notBoth(String tagParam, String tag, String excludedParam, List<String> excluded) {
    try {
      LeftOutTags.checkNotBoth(tag, excluded, tagParam, excludedParam);
    } catch (LeftOutTags.Conflict e) {
      throw GatewayException.invalid(e.field(), e.getMessage());
    }
  }

  /** A flag of the query string: {@code true} or {@code false}; {@code otherwise} when it is not given. */
  static boolean flag(String param, String text, boolean otherwise) {
    if (text == null) return otherwise;
    if (text.equals("true") || text.equals("false")) return Boolean.parseBoolean(text);
    throw GatewayException.invalid(param, param + " must be true or false; got '" + text + "'");
  }

  /** A flag of a JSON body: a JSON boolean; false when it is absent or null. */
  static boolean flag(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) return false;
    if (value.isBoolean()) return value.booleanValue();
    throw GatewayException.invalid(field, "'" + field + "' must be true or false (a JSON boolean); got " + value);
  }
}
