package dev.apprentice.store;

import dev.apprentice.api.prompt.PromptRef;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A filter over traces; null fields do not filter.
 *
 * @param limit  the most traces {@link TraceStore#list} returns ({@value #DEFAULT_LIMIT} when null, at most
 *               {@value #MAX_LIMIT}); {@link TraceStore#export} applies it only when set
 * @param keyId  calls made with this key id, or {@value #NO_KEY}: calls made without a key (the group a cost report by
 *               key gives them; a key id is hexadecimal, never that word)
 * @param since  earliest start time, inclusive
 * @param status {@code ok} (status 200 without error code), {@code error} (anything else) or an HTTP status such as
 *               {@code 429}; any other value is refused with an IllegalArgumentException
 * @param prompt calls made with a registered prompt: {@code name} (any version) or {@code name@3}; see
 *               {@link #isPromptFilter}
 * @param tag    calls carrying this tag (exact, case-sensitive); a tag no trace can keep (one holding a comma, see
 *               {@code TraceTagRules.filterProblem}) matches none
 * @param until  latest start time, exclusive
 * @param operation {@code chat} or {@code embeddings}; any other value is refused with an IllegalArgumentException
 * @param api    the wire API the calls came through: {@code chat_completions}, {@code responses} or {@code embeddings};
 *               any other value is refused with an IllegalArgumentException
 * @param after  a page cursor for {@link TraceStore#list}: the id of a trace, whose page ended with it; the page then
 *               holds the traces that come after it in the list's order (started earlier, or in the same millisecond
 *               with a smaller id). An id that names no stored trace is a {@link TraceNotFound}. Export ignores it.
 * @param excludeTags calls carrying any of these tags are left out (each matched whole and case-sensitively, as
 *               {@code tag} is; one no trace can keep leaves none out); null reads as none
 */
public record TraceQuery(Integer limit, String model, String tenant, String keyId, Instant since, String status,
    String prompt, String tag, Instant until, String operation, String after, String api, List<String> excludeTags) {

  /** The key filter, and the cost report's key group, of calls made without a key. */
  public static final String NO_KEY = "anonymous";
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 1000;
  private static final Pattern PROMPT = Pattern.compile(PromptRef.NAME.pattern() + "(@[1-9][0-9]{0,8})?");
  private static final Pattern STATUS = Pattern.compile("ok|error|[1-5][0-9]{2}");
  /** What {@link #isStatusFilter} takes, in words, for the message that refuses any other value. */
  public static final String STATUS_FILTERS = "ok, error or an HTTP status from 100 to 599 such as 429";

  /**
   * Why {@code text} is no status filter, in the words of every caller ({@code name}: {@code status},
   * {@code --status}), or null when it is one or there is none.
   */
  public static String statusProblem(String name, String text) {
    return text == null || isStatusFilter(text) ? null : name + " must be " + STATUS_FILTERS + "; got '" + text + "'";
  }

  /**
   * True for a status filter: {@code ok}, {@code error} or an HTTP status a trace can hold (100 to 599; {@code 600}
   * would match no call).
   */
  public static boolean isStatusFilter(String text) {
    return text != null && STATUS.matcher(text).matches();
  }

  /**
   * True for a prompt filter: a prompt name, alone or with a version number ({@code triage}, {@code triage@3}). A
   * label ({@code triage@production}) is not one: a trace keeps the version its call used, not the label that led there.
   */
  public static boolean isPromptFilter(String text) {
    return text != null && PROMPT.matcher(text.strip()).matches();
  }

  public TraceQuery {
    excludeTags = excludeTags == null ? List.of() : List.copyOf(excludeTags);
  }

  /** A filter that leaves no tag out. */
  public TraceQuery(Integer limit, String model, String tenant, String keyId, Instant since, String status,
      String prompt, String tag, Instant until, String operation, String after, String api) {
    this(limit, model, tenant, keyId, since, status, prompt, tag, until, operation, after, api, List.of());
  }

  /** A filter of every wire API. */
  public TraceQuery(Integer limit, String model, String tenant, String keyId, Instant since, String status,
      String prompt, String tag, Instant until, String operation, String after) {
    this(limit, model, tenant, keyId, since, status, prompt, tag, until, operation, after, null);
  }

  /** A filter without a page cursor: the first page. */
  public TraceQuery(Integer limit, String model, String tenant, String keyId, Instant since, String status,
      String prompt, String tag, Instant until, String operation) {
    this(limit, model, tenant, keyId, since, status, prompt, tag, until, operation, null);
  }

  /** A filter over calls of every operation. */
  public TraceQuery(Integer limit, String model, String tenant, String keyId, Instant since, String status,
      String prompt, String tag, Instant until) {
    this(limit, model, tenant, keyId, since, status, prompt, tag, until, null, null);
  }

  /** A filter by the fields every trace has. */
  public TraceQuery(Integer limit, String model, String tenant, String keyId, Instant since, String status) {
    this(limit, model, tenant, keyId, since, status, null, null, null, null, null);
  }

  public static TraceQuery all() {
    return new TraceQuery(null, null, null, null, null, null);
  }

  /** The same filter without a limit (and without a page cursor, which only a limited list reads). */
  public TraceQuery withoutLimit() {
    return new TraceQuery(null, model, tenant, keyId, since, status, prompt, tag, until, operation, null, api,
        excludeTags);
  }

  public int limitOrDefault() {
    return limit == null ? DEFAULT_LIMIT : limit;
  }
}
