package dev.apprentice.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.store.TraceQuery;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documented trace filters find their traces through an index, not by reading the table from the newest back. */
class TraceFilterPlanTest {

  @TempDir Path dir;
  private Database db;

  @BeforeEach
  void open() {
    db = Database.openSqlite("jdbc:sqlite:" + dir.resolve("apprentice.db"));
    Migrations.bundled().apply(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static TraceQuery query(String status, String prompt) {
    return new TraceQuery(50, null, null, null, null, status, prompt, null, null, null);
  }

  /** SQLite's plan for a page of the trace list under {@code query}, one line per step. */
  private String plan(TraceQuery query) {
    return plan(query, false);
  }

  /** {@code paged}: the plan of a page after a cursor. */
  private String plan(TraceQuery query, boolean paged) {
    TraceFilter filter = TraceFilter.of(query);
    return db.read(c -> {
      List<String> steps = new ArrayList<>();
      String sql = JdbcTraceStore.listSql("id", filter, paged);
      try (PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
        int next = filter.bind(ps);
        if (paged) {
          next = TraceKeyset.bind(ps, next, new TraceKeyset.Key(1_000L, "tr_x"));
        }
        ps.setInt(next, 50);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) steps.add(rs.getString("detail"));
        }
      }
      return String.join("\n", steps);
    });
  }

  @Test
  void aPromptNameWithoutVersionSearchesThePromptIndex() {
    assertThat(plan(query(null, "triage"))).contains("SEARCH traces USING INDEX traces_prompt_started_at (prompt>? AND prompt<?)");
    assertThat(plan(query(null, "triage@2"))).contains("SEARCH traces USING INDEX traces_prompt_started_at (prompt=?)");
  }

  @Test
  void anHttpStatusSearchesTheStatusIndex() {
    assertThat(plan(query("429", null))).contains("SEARCH traces USING INDEX traces_status_started_at (status=?)");
    assertThat(plan(query("ok", null))).contains("SEARCH traces USING INDEX traces_status_started_at (status=?)");
  }

  @Test
  void theErrorStatusReadsOnlyTheIndexOfFailedCalls() {
    assertThat(plan(query("error", null))).contains("USING INDEX traces_errors_started_at");
  }

  @Test
  void aTagIsLookedForWrittenAloneFirstSoARowWithoutItCostsOneReplace() {
    TraceQuery tagged = new TraceQuery(50, null, null, null, null, null, null, "prod", null, null, null, null,
        List.of("eval"));

    assertThat(TraceFilter.of(tagged).where()).isEqualTo(" WHERE (replace(tags, ?, '') <> tags AND"
        + " (replace(tags, ?, '') <> tags OR replace(tags, ?, '') <> tags)) AND (replace(tags, ?, '') = tags OR"
        + " (replace(tags, ?, '') = tags AND replace(tags, ?, '') = tags))");
  }

  @Test
  void aTagLeftOutKeepsTheIndexOfTheOtherFilters() {
    TraceQuery prompt = new TraceQuery(50, null, null, null, null, null, "triage", null, null, null, null, null,
        List.of("eval", "smoke"));
    assertThat(plan(prompt)).contains("SEARCH traces USING INDEX traces_prompt_started_at (prompt>? AND prompt<?)");
  }

  @Test
  void aPageAfterACursorSearchesTheStartTimeRangeOfItsIndex() {
    assertThat(plan(query(null, null), true)).contains("SEARCH traces USING INDEX traces_started_at (started_at<?)");
    assertThat(plan(new TraceQuery(50, "alpha", null, null, null, null), true))
        .contains("SEARCH traces USING INDEX traces_model_started_at (model=? AND started_at<?)");
  }
}
