package dev.apprentice.store.jdbc;

import dev.apprentice.store.CostQuery;
import dev.apprentice.store.CostRow;
import dev.apprentice.store.SpendRow;
import dev.apprentice.store.TraceQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Cost reports and the spend read at start for budgets, both from the daily spend ledger. */
final class CostReports {

  private CostReports() {}

  /**
   * The spend report, from the daily ledger: whole UTC days, so {@code since} counts from the start of the day it
   * falls in ({@link CostQuery#from()}) and {@code until} to the end of its day ({@link CostQuery#to()}).
   */
  static List<CostRow> costs(Connection c, CostQuery query) throws SQLException {
    CostQuery.GroupBy by = query.groupBy() == null ? CostQuery.GroupBy.MODEL : query.groupBy();
    String group = switch (by) {
      case MODEL -> "model";
      case TENANT -> "tenant";
      case KEY -> "CASE WHEN key_id = '" + SpendLedger.ANONYMOUS + "' THEN '" + TraceQuery.NO_KEY
          + "' ELSE key_id END";
      case DAY -> "day";
    };
    String sql = "SELECT " + group + " AS grp, SUM(calls) AS calls, SUM(input_tokens) AS input_sum, "
        + "SUM(output_tokens) AS output_sum, SUM(cost_usd) AS cost_sum, SUM(estimated_calls) AS estimated "
        + "FROM spend_daily"
        + bounds(query)
        + " GROUP BY " + group
        + (by == CostQuery.GroupBy.DAY ? " ORDER BY grp" : " ORDER BY cost_sum DESC, grp");
    List<CostRow> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int param = 0;
      if (query.from() != null) ps.setString(++param, day(query.from()));
      // its last day, not the one after: that of until 9999-12-31T12:00Z would be +10000-01-01, before every day as text
      if (query.to() != null) ps.setString(++param, day(query.to().minusSeconds(86_400)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new CostRow(rs.getString("grp"), rs.getLong("calls"), rs.getLong("input_sum"),
              rs.getLong("output_sum"), rs.getDouble("cost_sum"), rs.getLong("estimated")));
        }
      }
    }
    return rows;
  }

  /** The days of the report: from the day of {@code from()}, to the day before {@code to()} (each when set). */
  private static String bounds(CostQuery query) {
    if (query.from() == null && query.to() == null) return "";
    if (query.to() == null) return " WHERE day >= ?";
    return query.from() == null ? " WHERE day <= ?" : " WHERE day >= ? AND day <= ?";
  }

  private static String day(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
  }

  static List<SpendRow> spendSince(Connection c, Instant since) throws SQLException {
    String sql = "SELECT day, tenant, key_id, SUM(cost_usd) AS cost_sum FROM spend_daily"
        + (since == null ? "" : " WHERE day >= ?")
        + " GROUP BY day, tenant, key_id ORDER BY day, tenant, key_id";
    List<SpendRow> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (since != null) {
        ps.setString(1, day(since));
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
