package dev.apprentice.store.jdbc;

import dev.apprentice.api.trace.TraceTagRules;
import dev.apprentice.store.TraceQuery;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The WHERE clause of a {@link TraceQuery} and its parameters, written so that each documented filter can use an
 * index: model, tenant, key, prompt and status each have one ordered by start time. The tag filters alone have none
 * (tags are a JSON array in one column): on its own a tag reads traces from the newest back until the page is full, so
 * combine a rare tag with a time range or another filter; a tag left out is a condition on the rows the other filters
 * read.
 */
final class TraceFilter {

  /** A failed call; word for word the condition of the {@code traces_errors_started_at} index (V9), so it is used. */
  static final String FAILED = "(status <> 200 OR error_code IS NOT NULL)";

  private final StringBuilder where = new StringBuilder();
  private final List<Object> params = new ArrayList<>();

  private TraceFilter() {}

  static TraceFilter of(TraceQuery query) {
    TraceFilter f = new TraceFilter();
    if (query.model() != null) {
      f.add("model = ?", query.model());
    }
    if (query.tenant() != null) {
      f.add("tenant = ?", query.tenant());
    }
    if (query.keyId() != null) {
      if (query.keyId().equals(TraceQuery.NO_KEY)) {
        f.add("key_id IS NULL", null); // as the cost report by key names the calls made without one
      } else {
        f.add("key_id = ?", query.keyId());
      }
    }
    if (query.since() != null) {
      f.add("started_at >= ?", query.since().toEpochMilli());
    }
    if (query.until() != null) {
      f.add("started_at < ?", query.until().toEpochMilli());
    }
    if (query.prompt() != null) {
      String prompt = query.prompt().strip();
      if (prompt.contains("@")) {
        f.add("prompt = ?", prompt);
      } else {
        // every version of the prompt: under binary ordering (SQLite's, for TEXT without a collation) the stored
        // values that start with "name@" are exactly those from "name@" up to, not including, "name" followed by the
        // character after '@'; a range, so the prompt index serves it. A store on a database that orders text by a
        // locale (PostgreSQL with ICU or glibc collations sorts or ignores punctuation otherwise) must give the
        // prompt column a binary collation (COLLATE "C") for this range to mean the same
        f.add("prompt >= ?", prompt + "@");
        f.add("prompt < ?", prompt + (char) ('@' + 1));
      }
    }
    if (query.tag() != null) {
      // tags are a compact JSON array of strings: the tag written as a JSON string, right after the '[' or ',' that
      // opens an element, occurs in it exactly when it is one of them (inside a string every '"' is escaped, so
      // '["' and ',"' only open elements; a tag has no comma). Without that anchor the tag "a" would match the tag
      // 'say "a' (written "say \"a"), and an empty tag any tag ending in a quote. replace() is case-sensitive and
      // portable, unlike LIKE. The anchored forms both contain the tag written alone, so its absence, one replace(),
      // settles the rows that cannot match (most of them, for a rare tag) before the two anchors are tried (AND
      // and OR short-circuit in SQLite and, in practice, in PostgreSQL). A tag no trace can keep (TraceTagRules.filterProblem: a comma, above all, which would
      // match across two stored tags) matches no trace
      if (TraceTagRules.filterProblem(query.tag()) != null) {
        f.add("1 = 0", null);
      } else {
        String tag = Json.write(query.tag());
        f.add("(replace(tags, ?, '') <> tags AND (replace(tags, ?, '') <> tags OR replace(tags, ?, '') <> tags))", tag,
            "[" + tag, "," + tag);
      }
    }
    for (String excluded : query.excludeTags()) {
      if (TraceTagRules.filterProblem(excluded) != null) continue; // a tag no trace carries leaves nothing out
      // the tag condition above, negated: tags is NOT NULL, so the negation holds exactly when the tag is absent; a
      // row without the tag written anywhere is settled by the first replace()
      String tag = Json.write(excluded);
      f.add("(replace(tags, ?, '') = tags OR (replace(tags, ?, '') = tags AND replace(tags, ?, '') = tags))", tag,
          "[" + tag, "," + tag);
    }
    if (query.operation() != null) {
      switch (query.operation().strip()) {
        case "chat" -> f.add("operation IS NULL", null);
        case "embeddings" -> f.add("operation = ?", "embeddings");
        default -> throw new IllegalArgumentException("unknown operation filter '" + query.operation()
            + "': use chat or embeddings");
      }
    }
    if (query.api() != null) {
      switch (query.api().strip()) {
        case "chat_completions" -> f.add("(operation IS NULL AND api IS NULL)", null);
        case "responses" -> f.add("api = ?", "responses");
        case "embeddings" -> f.add("operation = ?", "embeddings");
        default -> throw new IllegalArgumentException("unknown api filter '" + query.api()
            + "': use chat_completions, responses or embeddings");
      }
    }
    if (query.status() != null) {
      String status = query.status().strip();
      if (status.equalsIgnoreCase("ok")) {
        f.add("(status = 200 AND error_code IS NULL)", null);
      } else if (status.equalsIgnoreCase("error")) {
        f.add(FAILED, null);
      } else if (status.matches("[0-9]{3}")) {
        f.add("status = ?", Integer.parseInt(status));
      } else {
        throw new IllegalArgumentException("unknown status filter '" + query.status()
            + "': use ok, error or an HTTP status such as 429");
      }
    }
    return f;
  }

  /** A condition of several parameters, bound in order. */
  private void add(String condition, Object first, Object... more) {
    add(condition, first);
    params.addAll(List.of(more));
  }

  private void add(String condition, Object param) {
    where.append(where.isEmpty() ? " WHERE " : " AND ").append(condition);
    if (param != null) {
      params.add(param);
    }
  }

  /** The clause with a leading space, or an empty string when nothing filters. */
  String where() {
    return where.toString();
  }

  /** Binds the parameters from index 1 on; returns the next free index. */
  int bind(PreparedStatement ps) throws SQLException {
    int i = 0;
    for (Object p : params) {
      ps.setObject(++i, p);
    }
    return i + 1;
  }
}
