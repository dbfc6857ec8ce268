package dev.apprentice.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.access.ApiKey;
import dev.apprentice.server.http.ServerJson;
import dev.apprentice.store.CostQuery;
import dev.apprentice.store.CostRow;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The cost report by key says whose each key is, from one read of the keys for the whole report. */
class CostReportByKeyTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final List<CostRow> BY_KEY = List.of(
      new CostRow("k-billing", 4, 400, 40, 2.0, 0),
      new CostRow("k-old", 3, 300, 30, 1.5, 0),
      new CostRow("k-trial", 2, 200, 20, 1.0, 1),
      new CostRow("anonymous", 1, 100, 10, 0.5, 0),
      new CostRow("k-gone", 1, 50, 5, 0.25, 0));

  /** The key store's list, counting how often it is read. */
  private static final class CountedKeys implements Supplier<List<ApiKey>> {
    final List<ApiKey> keys = List.of(
        key("k-billing", "acme", "billing", null, null),
        key("k-old", "acme", null, NOW.minusSeconds(60), null),
        key("k-trial", "globex", "trial", null, NOW.minusSeconds(1)),
        key("k-unused", "globex", "spare", null, null));
    int reads;

    @Override
    public List<ApiKey> get() {
      reads++;
      return keys;
    }
  }

  private static ApiKey key(String id, String tenant, String name, Instant revokedAt, Instant expiresAt) {
    return new ApiKey(id, ApiKey.Role.CLIENT, tenant, name, "0".repeat(64), Set.of(), null,
        NOW.minusSeconds(86_400), revokedAt, expiresAt);
  }

  private static JsonNode report(CostQuery.GroupBy by, List<CostRow> rows, CountedKeys keys) {
    return ServerJson.MAPPER.valueToTree(Views.costs(new CostQuery(by, null), rows, keys, NOW));
  }

  @Test
  void eachRowByKeyNamesItsKeyTenantAndStateFromOneReadOfTheKeys() {
    CountedKeys keys = new CountedKeys();

    JsonNode data = report(CostQuery.GroupBy.KEY, BY_KEY, keys).path("data");

    assertThat(keys.reads).as("the keys read once for the report, not once per row").isEqualTo(1);
    assertThat(data.get(0).path("name").asText()).isEqualTo("billing");
    assertThat(data.get(0).path("tenant").asText()).isEqualTo("acme");
    assertThat(data.get(0).path("state").asText()).isEqualTo("active");
    assertThat(data.get(1).path("state").asText()).isEqualTo("revoked");
    assertThat(data.get(1).path("name").isNull()).as("a key without a name").isTrue();
    assertThat(data.get(2).path("state").asText()).isEqualTo("expired");
    assertThat(data.get(2).path("tenant").asText()).isEqualTo("globex");
    assertThat(data.get(0).fieldNames()).toIterable().as("the fields a report by key had, then its key's")
        .containsExactly("group", "calls", "input_tokens", "output_tokens", "cost_usd", "estimated_calls", "name",
            "tenant", "state");
  }

  @Test
  void anonymousCallsAndAKeyTheStoreNoLongerHoldsStillShowWithEmptyNames() {
    JsonNode data = report(CostQuery.GroupBy.KEY, BY_KEY, new CountedKeys()).path("data");

    for (JsonNode row : List.of(data.get(3), data.get(4))) {
      assertThat(row.path("group").asText()).isIn("anonymous", "k-gone");
      assertThat(row.path("calls").asLong()).isEqualTo(1);
      assertThat(List.of(row.get("name"), row.get("tenant"), row.get("state")))
          .as("%s: explicit nulls, so every row has one shape", row.path("group").asText())
          .allSatisfy(value -> assertThat(value.isNull()).isTrue());
    }
  }

  @Test
  void anotherGroupingOrAnEmptyReportReadsNoKeyAndKeepsItsFields() {
    CountedKeys keys = new CountedKeys();

    JsonNode byTenant = report(CostQuery.GroupBy.TENANT, List.of(new CostRow("acme", 1, 1, 1, 0.1, 0)), keys);
    JsonNode nothing = report(CostQuery.GroupBy.KEY, List.of(), keys);

    assertThat(keys.reads).isZero();
    assertThat(byTenant.path("data").get(0).fieldNames()).toIterable()
        .containsExactly("group", "calls", "input_tokens", "output_tokens", "cost_usd", "estimated_calls");
    assertThat(nothing.path("data")).isEmpty();
  }
}
