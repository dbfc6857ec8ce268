package dev.apprentice.store.jdbc;

import dev.apprentice.api.trace.TraceRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code spend_daily} rollup: a batch's traces summed per UTC day, tenant, key and model, then upserted. Budgets
 * and cost reports read it: it is written with traces off too, and retention never prunes it. Requests refused before
 * any model was asked are left out.
 */
final class SpendLedger {

  /** The ledger's key id for anonymous calls (a primary key column cannot be null everywhere). */
  static final String ANONYMOUS = "";

  private static final String UPSERT = "INSERT INTO spend_daily (day, tenant, key_id, model, calls, input_tokens, "
      + "output_tokens, cost_usd, estimated_calls) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (day, tenant, key_id, model) DO UPDATE "
      + "SET calls = spend_daily.calls + excluded.calls, "
      + "input_tokens = spend_daily.input_tokens + excluded.input_tokens, "
      + "output_tokens = spend_daily.output_tokens + excluded.output_tokens, "
      + "cost_usd = spend_daily.cost_usd + excluded.cost_usd, "
      + "estimated_calls = spend_daily.estimated_calls + excluded.estimated_calls";

  private record Group(String day, String tenant, String keyId, String model) {
    static final Comparator<Group> ORDER = Comparator.comparing(Group::day).thenComparing(Group::tenant)
        .thenComparing(Group::keyId).thenComparing(Group::model);
  }

  private static final class Sum {
    long calls;
    long input;
    long output;
    double cost;
    long estimated;
  }

  private SpendLedger() {}

  /**
   * A request refused before any model was asked (no key, a bad body, an unknown model, a limit): it spent nothing,
   * is no call in the cost reports, and must not add a ledger row per made-up model name a client sends. A call the
   * cache answered is a call, also when a guard then blocked its answer and its entry did not record the target that
   * made it.
   */
  private static boolean refusedBeforeAnyModel(TraceRecord t) {
    return t.status() != 200 && t.provider() == null && !t.cacheHit() && t.attempts().isEmpty() && t.costUsd() == 0;
  }

  /** Adds the traces' spend to the ledger (rows in a fixed order, so concurrent writers cannot deadlock). */
  static void add(Connection c, List<TraceRecord> traces) throws SQLException {
    Map<Group, Sum> sums = new TreeMap<>(Group.ORDER);
    for (TraceRecord t : traces) {
      if (refusedBeforeAnyModel(t)) continue;
      String day = LocalDate.ofInstant(t.startedAt(), ZoneOffset.UTC).toString();
      Group g = new Group(day, t.tenant(), t.keyId() == null ? ANONYMOUS : t.keyId(), t.model());
      Sum s = sums.computeIfAbsent(g, k -> new Sum());
      s.calls++;
      s.input += t.tokens().input();
      s.output += t.tokens().output();
      s.cost += t.costUsd();
      if (t.usageEstimated()) s.estimated++;
    }
    if (sums.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
      for (Map.Entry<Group, Sum> e : sums.entrySet()) {
        Group g = e.getKey();
        Sum s = e.getValue();
        ps.setString(1, g.day());
        ps.setString(2, g.tenant());
        ps.setString(3, g.keyId());
        ps.setString(4, g.model());
        ps.setLong(5, s.calls);
        ps.setLong(6, s.input);
        ps.setLong(7, s.output);
        ps.setDouble(8, s.cost);
        ps.setLong(9, s.estimated);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
