package dev.apprentice.cli.admin;

import dev.apprentice.api.trace.TraceTagRules;
import dev.apprentice.server.admin.Since;
import dev.apprentice.server.dataset.LeftOutTags;
import dev.apprentice.store.TraceQuery;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * The trace filters of {@code traces list} and {@code traces export}, checked as the admin API checks them; null
 * fields do not filter. {@code since} stays text so that a server resolves spans such as {@code 1h} on its clock.
 * {@code after}, a page cursor (the id of the last trace of the page before), is for {@code traces list} only.
 * {@code api}: the wire API the calls came through ({@code chat_completions}, {@code responses}, {@code embeddings}).
 * {@code excludeTags}: calls carrying any of these tags are left out (null reads as none). {@code until}: only calls
 * started before it (text, as {@code since} is).
 */
public record TraceFilter(Integer limit, String model, String tenant, String keyId, String since, String status,
    String prompt, String tag, String operation, String after, String api, List<String> excludeTags, String until) {

  public TraceFilter {
    excludeTags = excludeTags == null ? List.of() : List.copyOf(excludeTags);
  }

  private static final Pattern API = Pattern.compile("chat_completions|responses|embeddings");

  /**
   * The filter of every tag and time up to now ({@link #excluding}, {@link #startedBefore}), or an
   * {@link AdminFailure#usage} naming the first bad value.
   */
  public static TraceFilter checked(Integer limit, String model, String tenant, String keyId, String since,
      String status, String prompt, String tag, String operation, String api) {
    if (api != null && !API.matcher(api).matches()) {
      throw AdminFailure.usage("--api must be chat_completions, responses or embeddings; got '" + api + "'");
    }
    if (operation != null && !operation.equals("chat") && !operation.equals("embeddings")) {
      throw AdminFailure.usage("--operation must be chat or embeddings; got '" + operation + "'");
    }
    if (limit != null && (limit < 1 || limit > TraceQuery.MAX_LIMIT)) {
      throw AdminFailure.usage("--limit must be between 1 and " + TraceQuery.MAX_LIMIT + "; got " + limit);
    }
    checkStatus(status);
    checkPrompt(prompt);
    checkTags("--tag", tag == null ? List.of() : List.of(tag));
    if (since != null) sinceInstant(since, Clock.systemUTC());
    return new TraceFilter(limit, model, tenant, keyId, since, status, prompt, tag, operation, null, api, List.of(),
        null);
  }

  /** Refuses a {@code --status} filter the server would refuse, in the server's words, naming the option. */
  public static void checkStatus(String status) {
    String problem = TraceQuery.statusProblem("--status", status);
    if (problem != null) throw AdminFailure.usage(problem);
  }

  /**
   * Refuses a {@code --prompt} filter the server would refuse (its rule is syntax alone: a prompt name, alone or with a
   * version number), with an {@link AdminFailure#usage} saying what is accepted, so that it fails before any connection.
   */
  public static void checkPrompt(String prompt) {
    if (prompt != null && !TraceQuery.isPromptFilter(prompt)) {
      throw AdminFailure.usage("--prompt must be a prompt name, alone or with a version number (triage or triage@3;"
          + " traces keep the version a call used, not its label); got '" + prompt + "'");
    }
  }

  /**
   * Refuses, as the server does, a tag filter no trace can keep (one holding a comma, as in {@code --tag a,b}, above
   * all: {@link TraceTagRules#filterProblem}), or more of them than one query may leave out, with an
   * {@link AdminFailure#usage} naming the option.
   */
  public static void checkTags(String option, List<String> tags) {
    String tooMany = TraceTagRules.leftOutProblem(tags.size());
    if (tooMany != null) throw AdminFailure.usage(option + " " + tooMany);
    for (String tag : tags) {
      String problem = TraceTagRules.filterProblem(tag);
      if (problem != null) throw AdminFailure.usage(option + " " + problem);
    }
  }

  /**
   * Refuses a {@code --since} or {@code --until} that does not read, and, naming {@code --until}, a window from
   * {@code since} up to {@code until} that holds no instant (either may be null: an open end), as the server refuses
   * them ({@link Since#windowProblem}), so that a typo fails before any connection.
   */
  public static void checkWindow(String since, String until) {
    Clock clock = Clock.fixed(Clock.systemUTC().instant(), java.time.ZoneOffset.UTC); // 1h and 1h: the same instant
    Instant from = since == null ? null : sinceInstant(since, clock);
    Instant to = until == null ? null : instant("--until", until, clock);
    String problem = Since.windowProblem("--since", from, "--until", to);
    if (problem != null) throw AdminFailure.usage(problem);
  }

  /** A {@code --since} value as an instant, or an {@link AdminFailure#usage} saying what is accepted. */
  public static Instant sinceInstant(String since, Clock clock) {
    return instant("--since", since, clock);
  }

  /** The value of the option {@code option} as an instant, or an {@link AdminFailure#usage} naming the option. */
  public static Instant instant(String option, String value, Clock clock) {
    try {
      return Since.parse(value, clock);
    } catch (IllegalArgumentException e) {
      throw AdminFailure.usage(option + ": " + e.getMessage());
    }
  }

  /** The same filter, for the page after the trace {@code id}. */
  TraceFilter pagedAfter(String id) {
    return new TraceFilter(limit, model, tenant, keyId, since, status, prompt, tag, operation, id, api, excludeTags,
        until);
  }

  /** The same filter, of the calls started before {@code until} (null: no end), checked against {@code since}. */
  TraceFilter startedBefore(String until) {
    checkWindow(since, until);
    return new TraceFilter(limit, model, tenant, keyId, since, status, prompt, tag, operation, after, api, excludeTags,
        until);
  }

  /**
   * The same filter, leaving out the calls carrying any of {@code tags} (null: none), each checked; one that is also
   * its {@code --tag} is refused, as the server refuses it.
   */
  TraceFilter excluding(List<String> tags) {
    if (tags != null) {
      checkTags("--exclude-tag", tags);
      try {
        LeftOutTags.checkNotBoth(tag, tags, "--tag", "--exclude-tag");
      } catch (LeftOutTags.Conflict e) {
        throw AdminFailure.usage(e.getMessage());
      }
    }
    return new TraceFilter(limit, model, tenant, keyId, since, status, prompt, tag, operation, after, api, tags, until);
  }

  /** The store query this filter means now. */
  TraceQuery query(Clock clock) {
    return new TraceQuery(limit, model, tenant, keyId, since == null ? null : sinceInstant(since, clock), status,
        prompt, tag, until == null ? null : instant("--until", until, clock), operation, after, api, excludeTags);
  }

  /** The URL query string of the admin API ({@code ?limit=..&model=..}), empty when nothing filters. */
  String queryString() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("limit", limit);
    params.put("model", model);
    params.put("tenant", tenant);
    params.put("key", keyId);
    params.put("since", since);
    params.put("until", until);
    params.put("status", status);
    params.put("prompt", prompt);
    params.put("tag", tag);
    params.put("exclude_tag", excludeTags.isEmpty() ? null : excludeTags);
    params.put("operation", operation);
    params.put("api", api);
    params.put("after", after);
    return encode(params);
  }

  /** The URL query string of {@code params}, leaving out null values; a list value is the parameter given once per element. */
  static String encode(Map<String, ?> params) {
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    params.forEach((name, value) -> {
      for (Object each : value instanceof List<?> list ? list : value == null ? List.of() : List.of(value)) {
        query.add(name + "=" + URLEncoder.encode(each.toString(), StandardCharsets.UTF_8));
      }
    });
    return query.toString();
  }
}
