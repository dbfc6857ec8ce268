package dev.apprentice.store.jdbc;

import dev.apprentice.store.CostQuery;
import dev.apprentice.store.CostRow;
import dev.apprentice.store.SpendRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Cost reports over the traces table and the spend ledger read at start for budgets. */
final class CostReports {

  private static final long MILLIS_PER_DAY = 86_400_000L;

  private CostReports() {}

  static List<CostRow> costs(Connection c, CostQuery query) throws SQLException {
    CostQuery.GroupBy by = query.groupBy() == null ? CostQuery.GroupBy.MODEL : query.groupBy();
    // integer division keeps the UTC day portable: no date function differs between SQLite and PostgreSQL
    String group = switch (by) {
      case MODEL -> "model";
      case TENANT -> "tenant";
      case KEY -> "COALESCE(key_id, 'anonymous')";
      case DAY -> "started_at / " + MILLIS_PER_DAY;
    };
    String sql = "SELECT " + group + " AS grp, COUNT(*) AS calls, SUM(input_tokens) AS input_sum, "
        + "SUM(output_tokens) AS output_sum, SUM(cost_usd) AS cost_sum, "
        + "SUM(CASE WHEN usage_estimated THEN 1 ELSE 0 END) AS estimated FROM traces"
        + (query.since() == null ? "" : " WHERE started_at >= ?")
        + " GROUP BY " + group
        + (by == CostQuery.GroupBy.DAY ? " ORDER BY grp" : " ORDER BY cost_sum DESC, grp");
    List<CostRow> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (query.since() != null) {
        ps.setLong(1, query.since().toEpochMilli());
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String name = by == CostQuery.GroupBy.DAY
              ? LocalDate.ofEpochDay(rs.getLong("grp")).toString() : rs.getString("grp");
          rows.add(new CostRow(name, rs.getLong("calls"), rs.getLong("input_sum"), rs.getLong("output_sum"),
              rs.getDouble("cost_sum"), rs.getLong("estimated")));
        }
      }
    }
    return rows;
  }

  static List<SpendRow> spendSince(Connection c, Instant since) throws SQLException {
    String sql = "SELECT day, tenant, key_id, SUM(cost_usd) AS cost_sum FROM spend_daily"
        + (since == null ? "" : " WHERE day >= ?")
        + " GROUP BY day, tenant, key_id ORDER BY day, tenant, key_id";
    List<SpendRow> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (since != null) {
        ps.setString(1, LocalDate.ofInstant(since, ZoneOffset.UTC).toString());
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String key = rs.getString("key_id");
          rows.add(new SpendRow(LocalDate.parse(rs.getString("day")), rs.getString("tenant"),
              SpendLedger.ANONYMOUS.equals(key) ? null : key, rs.getDouble("cost_sum")));
        }
      }
    }
    return rows;
  }
}
