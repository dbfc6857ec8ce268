package dev.apprentice.server.admin;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.trace.TraceDetails;
import dev.apprentice.server.access.Keys;
import dev.apprentice.server.http.JsonLinesAnswer;
import dev.apprentice.server.http.ServerJson;
import dev.apprentice.store.CostQuery;
import dev.apprentice.store.TraceNotFound;
import dev.apprentice.store.TracePage;
import dev.apprentice.store.TraceQuery;
import dev.apprentice.store.TraceStore;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /admin/traces}, {@code /admin/traces/{id}}, {@code /admin/traces/export}, {@code /admin/costs}, and
 * {@code DELETE /admin/traces?before=WHEN}.
 */
final class TraceQueries {

  /** The query parameters of each route (any other one, or one given twice, is a 400: {@link AdminQuery}). */
  static final Set<String> EXPORT =
      Set.of("model", "tenant", "key", "since", "until", "status", "prompt", "tag", "exclude_tag", "operation", "api");
  /** The parameters of list and export that may be given more than once: each tag to leave out. */
  static final Set<String> LISTS = Set.of("exclude_tag");
  static final Set<String> LIST = with(with(EXPORT, "limit"), "after");
  static final Set<String> DELETE = Set.of("before");
  static final Set<String> COSTS = Set.of("group_by", "since", "until");

  /** The wire APIs a trace may have come through (its {@code api}). */
  private static final Set<String> API = Set.of(TraceDetails.CHAT_COMPLETIONS,
      TraceDetails.RESPONSES, TraceDetails.EMBEDDINGS);
  private final TraceStore store;
  private final Keys keys;
  private final Clock clock;

  /** @param keys what a report by key reads its keys' names, tenants and states from */
  TraceQueries(TraceStore store, Keys keys, Clock clock) {
    this.store = store;
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * A page of traces, newest first, with {@code has_more}; {@code after} (the id of the last trace of the page before)
   * pages on, so that a script can walk every trace until {@code has_more} is false.
   */
  void list(ServerRequest req, ServerResponse res) throws IOException {
    TracePage page;
    try {
      page = store.page(query(req, true));
    } catch (TraceNotFound e) {
      throw GatewayException.invalid("after", e.getMessage());
    }
    AdminRoutes.send(res, Status.OK_200, Views.page(page));
  }

  void show(ServerRequest req, ServerResponse res) throws IOException {
    String id = req.path().pathParameters().get("id");
    var trace = store.find(id)
        .orElseThrow(() -> new GatewayException(ErrorCode.NOT_FOUND, "no trace with id '" + id + "'"));
    AdminRoutes.send(res, Status.OK_200, Views.trace(trace));
  }

  /** Every matching trace as JSON Lines, oldest first, streamed as it is read (on {@code HEAD}, none read). */
  void export(ServerRequest req, ServerResponse res) throws IOException {
    TraceQuery query = query(req, false);
    JsonLinesAnswer.send(req, res, ServerJson.MAPPER,
        lines -> store.export(query, trace -> lines.accept(Views.trace(trace))));
  }

  /** Deletes the traces started before {@code before} (30d, a date, an instant): required, so nothing goes by accident. */
  void delete(ServerRequest req, ServerResponse res) throws IOException {
    Instant before = instant(req, "before");
    if (before == null) {
      throw GatewayException.invalid("before", "before is required: 30d (30 days ago), 2026-10-01 or an ISO instant");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("deleted", store.deleteStartedBefore(before));
    body.put("before", before.toString());
    AdminRoutes.send(res, Status.OK_200, body);
  }

  void costs(ServerRequest req, ServerResponse res) throws IOException {
    String groupBy = param(req, "group_by");
    CostQuery.GroupBy group;
    try {
      group = CostQuery.GroupBy.valueOf((groupBy == null ? "model" : groupBy).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw GatewayException.invalid("group_by", "group_by must be model, tenant, key or day; got '" + groupBy + "'");
    }
    TimeWindow window = window(req);
    CostQuery query = new CostQuery(group, window.since(), window.until());
    AdminRoutes.send(res, Status.OK_200, Views.costs(query, store.costs(query), keys::list, clock.instant()));
  }

  private TraceQuery query(ServerRequest req, boolean limited) {
    Integer limit = limited ? AdminValues.limit(param(req, "limit"), null) : null;
    String status = AdminValues.status(param(req, "status"));
    String operation = param(req, "operation");
    if (operation != null && !operation.equals("chat") && !operation.equals("embeddings")) {
      throw GatewayException.invalid("operation", "operation must be chat or embeddings");
    }
    String api = param(req, "api");
    if (api != null && !API.contains(api)) {
      throw GatewayException.invalid("api", "api must be chat_completions, responses or embeddings; got '" + api + "'");
    }
    String tag = AdminValues.tag("tag", param(req, "tag"));
    List<String> excluded = AdminValues.tags("exclude_tag", req.query().all("exclude_tag", List::of));
    AdminValues.notBoth("tag", tag, "exclude_tag", excluded);
    TimeWindow window = window(req);
    return new TraceQuery(limit, param(req, "model"), param(req, "tenant"), param(req, "key"), window.since(), status,
        AdminValues.prompt(param(req, "prompt")), tag, window.until(), operation,
        limited ? param(req, "after") : null, api, excluded);
  }

  private Instant instant(ServerRequest req, String name) {
    return TimeWindow.instant(name, param(req, name), clock);
  }

  private TimeWindow window(ServerRequest req) {
    return TimeWindow.of(param(req, "since"), param(req, "until"), clock);
  }

  private static Set<String> with(Set<String> params, String more) {
    Set<String> all = new java.util.HashSet<>(params);
    all.add(more);
    return Set.copyOf(all);
  }

  private static String param(ServerRequest req, String name) {
    return req.query().contains(name) ? req.query().get(name) : null;
  }
}
