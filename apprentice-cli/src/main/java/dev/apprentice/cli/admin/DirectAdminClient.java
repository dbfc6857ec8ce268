package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.access.ApiKey;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.server.access.Keys;
import dev.apprentice.server.admin.KeyRequest;
import dev.apprentice.server.admin.Views;
import dev.apprentice.store.CostQuery;
import dev.apprentice.store.CostRow;
import dev.apprentice.store.Store;
import dev.apprentice.store.TraceNotFound;
import dev.apprentice.store.TracePage;
import dev.apprentice.store.TraceQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Answers admin requests from the store of a data directory, with the same checks and JSON shapes as the admin API.
 * Without a database (nothing stored yet) every list is empty and nothing is created, except by {@code createKey}.
 */
final class DirectAdminClient implements AdminClient {

  private final Store store;
  private final Set<String> models;
  private final Set<String> tenants;
  private final Clock clock;

  /**
   * @param store   the opened store, or null when the data directory has no database yet
   * @param tenants the tenants the config names ({@code tenants:}), which a new key's tenant must be one of
   */
  DirectAdminClient(Store store, Set<String> models, Set<String> tenants, Clock clock) {
    this.store = store;
    this.models = models;
    this.tenants = tenants;
    this.clock = clock;
  }

  @Override
  public JsonNode createKey(ObjectNode request) {
    KeyRequest checked = answer(() -> KeyRequest.read(request, models, tenants, clock.instant()));
    if (store == null) throw AdminFailure.failed("no database to create the key in");
    Keys.Created created = answer(() -> new Keys(store.keys(), clock)
        .create(ApiKey.Role.CLIENT, checked.tenant(), checked.name(), checked.models(), checked.limits(),
            checked.expiresAt()));
    Map<String, Object> body = new LinkedHashMap<>(Views.key(created.key(), clock.instant()));
    body.put("key", created.secretKey());
    return AdminJson.tree(body);
  }

  @Override
  public JsonNode listKeys() {
    List<ApiKey> keys = store == null ? List.of() : store.keys().list();
    Instant now = clock.instant();
    return AdminJson.tree(Views.list(keys.stream().map(k -> Views.key(k, now)).toList()));
  }

  @Override
  public JsonNode revokeKey(String id) {
    boolean revoked;
    try {
      revoked = store != null && new Keys(store.keys(), clock).revoke(id);
    } catch (IllegalArgumentException adminKey) {
      throw AdminFailure.usage(adminKey.getMessage());
    }
    if (!revoked) throw AdminFailure.notFound("no active key with id '" + id + "'");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("object", "key");
    body.put("revoked", true);
    return AdminJson.tree(body);
  }

  @Override
  public JsonNode listTraces(TraceFilter filter) {
    TraceQuery query = filter.query(clock);
    TracePage page;
    try {
      if (store == null && query.after() != null) throw new TraceNotFound(query.after());
      page = store == null ? new TracePage(List.of(), false) : store.traces().page(query);
    } catch (TraceNotFound e) {
      throw AdminFailure.usage("--after: " + e.getMessage());
    }
    return AdminJson.tree(Views.page(page));
  }

  @Override
  public JsonNode showTrace(String id) {
    TraceRecord trace = store == null ? null : store.traces().find(id).orElse(null);
    if (trace == null) throw noTrace(id);
    return AdminJson.tree(Views.trace(trace));
  }

  /** The failure (exit 2) of {@code traces show} for an id that names no trace, in the server's 404 words. */
  static AdminFailure noTrace(String id) {
    return AdminFailure.notFound("no trace with id '" + id + "'");
  }

  @Override
  public long exportTraces(TraceFilter filter, Writer out) {
    if (store == null) return 0;
    long[] count = {0};
    try {
      store.traces().export(filter.query(clock), trace -> {
        try {
          out.write(AdminJson.line(Views.trace(trace)));
          out.write('\n');
          count[0]++;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw AdminFailure.failed("cannot write the export: " + e.getCause().getMessage(), e);
    }
    return count[0];
  }

  @Override
  public JsonNode deleteTraces(String before) {
    Instant cutoff = TraceFilter.instant("--before", before, clock);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("deleted", store == null ? 0 : store.traces().deleteStartedBefore(cutoff));
    body.put("before", cutoff.toString());
    return AdminJson.tree(body);
  }

  @Override
  public JsonNode costs(String groupBy, String since, String until) {
    CostQuery.GroupBy group = CostQuery.GroupBy.valueOf(groupBy.toUpperCase(Locale.ROOT));
    Instant from = since == null ? null : TraceFilter.sinceInstant(since, clock);
    Instant to = until == null ? null : TraceFilter.instant("--until", until, clock);
    CostQuery query = new CostQuery(group, from, to);
    List<CostRow> rows = store == null ? List.of() : store.traces().costs(query);
    return AdminJson.tree(Views.costs(query, rows, () -> store.keys().list(), clock.instant()));
  }

  /** Runs a check or change, turning the gateway's refusals into the CLI's: a bad request exits 2. */
  private static <T> T answer(Supplier<T> work) {
    try {
      return work.get();
    } catch (GatewayException e) {
      throw AdminFailure.of(e);
    }
  }

  @Override
  public void close() {
    if (store != null) store.close();
  }
}
