package dev.apprentice.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.access.ApiKey;
import dev.apprentice.api.access.Limits;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.store.CostQuery;
import dev.apprentice.store.TraceQuery;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory written by the release before the last migration, opened by this code: the migration is applied
 * and the calls stored before it read back through every trace query, with what the new columns default to.
 */
class PreviousSchemaTest {

  @TempDir Path dir;

  @Test
  void tracesStoredBeforeTheLastMigrationAreListedShownExportedAndCosted() {
    String url = "jdbc:sqlite:" + dir.resolve("apprentice.db");
    List<Migration> all = Migrations.bundled().all();
    try (Database db = Database.openSqlite(url)) {
      new Migrations(all.subList(0, all.size() - 1)).apply(db);
      db.write(c -> {
        try (Statement s = c.createStatement()) {
          s.execute("INSERT INTO traces (id, started_at, tenant, model, provider, upstream_model, stream, status,"
              + " input_tokens, output_tokens, cached_input_tokens, cache_write_tokens, reasoning_tokens,"
              + " usage_estimated, cost_usd, latency_ms, overhead_ms, tags, metadata, request, response) VALUES"
              + " ('tr_old', 1764000000000, 'acme', 'alpha', 'sim', 'sim-echo', FALSE, 200, 10, 3, 0, 0, 0, FALSE,"
              + " 0.5, 12.0, 0.4, '[]', '{}', '{\"messages\":[]}', '{\"choices\":[]}')");
          s.execute("INSERT INTO attempts (trace_id, idx, provider, upstream_model, latency_ms, outcome, http_status)"
              + " VALUES ('tr_old', 0, 'sim', 'sim-echo', 11.0, 'ok', 200)");
          s.execute("INSERT INTO spend_daily (day, tenant, key_id, model, calls, input_tokens, output_tokens, cost_usd,"
              + " estimated_calls) VALUES ('2025-11-24', 'acme', '', 'alpha', 1, 10, 3, 0.5, 0)");
        }
        return null;
      });
    }

    try (Database db = Database.openSqlite(url)) {
      assertThat(Migrations.bundled().apply(db)).containsExactly(all.getLast().version());
      JdbcTraceStore traces = new JdbcTraceStore(db);

      assertThat(traces.list(TraceQuery.all())).singleElement().satisfies(t -> {
        assertThat(t.id()).isEqualTo("tr_old");
        assertThat(t.costUsd()).isEqualTo(0.5);
        assertThat(t.details().wireApi()).as("a chat call kept before APIs were").isEqualTo("chat_completions");
        assertThat(t.attempts()).singleElement().satisfies(a -> {
          assertThat(a.outcome()).isEqualTo("ok");
          assertThat(a.costUsd()).isZero();
          assertThat(a.costEstimated()).isFalse();
          assertThat(a.startedMs()).as("an attempt kept before starts were").isNull();
        });
      });
      assertThat(traces.find("tr_old")).hasValueSatisfying(t -> assertThat(t.request()).contains("messages"));
      List<TraceRecord> exported = new ArrayList<>();
      traces.export(TraceQuery.all(), exported::add);
      assertThat(exported).extracting(TraceRecord::id).containsExactly("tr_old");
      assertThat(traces.costs(new CostQuery(CostQuery.GroupBy.TENANT, null))).singleElement()
          .satisfies(row -> assertThat(row.costUsd()).isEqualTo(0.5));
    }
  }

  @Test
  void keysStoredBeforeTheLastMigrationAreReadBackWithoutAnExpiryOrABoundOnCallsInFlight() {
    String url = "jdbc:sqlite:" + dir.resolve("apprentice.db");
    List<Migration> all = Migrations.bundled().all();
    try (Database db = Database.openSqlite(url)) {
      new Migrations(all.subList(0, all.size() - 1)).apply(db);
      db.write(c -> {
        try (Statement s = c.createStatement()) {
          s.execute("INSERT INTO api_keys (id, role, tenant, name, secret_hash, models, rpm, tpm, budget_usd_per_day,"
              + " budget_usd_per_month, created_at, revoked_at) VALUES ('k_old', 'client', 'acme', 'ci', '"
              + "ab".repeat(32) + "', '[]', 60, NULL, NULL, NULL, 1764000000000, NULL), ('k_bare', 'client', 'acme',"
              + " 'bare', '" + "cd".repeat(32) + "', '[]', NULL, NULL, NULL, NULL, 1764000000000, NULL)");
        }
        return null;
      });
    }

    try (Database db = Database.openSqlite(url)) {
      Migrations.bundled().apply(db);
      JdbcKeyStore keys = new JdbcKeyStore(db);

      assertThat(keys.find("k_old")).hasValueSatisfying(k -> {
        assertThat(k.expiresAt()).isNull();
        assertThat(k.limits()).isEqualTo(new Limits(60, null, null, null, null));
      });
      assertThat(keys.find("k_bare")).hasValueSatisfying(k -> {
        assertThat(k.expiresAt()).isNull();
        assertThat(k.limits()).isSameAs(Limits.NONE);
      });
      assertThat(keys.list()).extracting(ApiKey::id).containsExactlyInAnyOrder("k_old", "k_bare");
    }
  }
}
