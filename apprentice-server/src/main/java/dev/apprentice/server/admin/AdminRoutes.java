package dev.apprentice.server.admin;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.access.ApiKey;
import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.server.access.Authenticator;
import dev.apprentice.server.access.Keys;
import dev.apprentice.server.http.ClientGone;
import dev.apprentice.server.http.ErrorResponses;
import dev.apprentice.server.http.RequestBodies;
import dev.apprentice.server.http.ServerJson;
import dev.apprentice.store.Store;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The admin API (PRODUCT.md §3): keys, traces and costs. Every route needs the admin key; errors use the same
 * OpenAI shape as the model API.
 */
public final class AdminRoutes {

  private final Authenticator auth;
  private final Keys keys;
  private final ApprenticeConfig config;
  private final RequestBodies bodies;
  private final TraceQueries traces;
  private final Clock clock;

  private AdminRoutes(Authenticator auth, Keys keys, Store store, ApprenticeConfig config, Clock clock) {
    this.auth = auth;
    this.keys = keys;
    this.config = config;
    this.bodies = new RequestBodies(1024 * 1024);
    this.traces = new TraceQueries(store.traces(), keys, clock);
    this.clock = clock;
  }

  public static void register(HttpRules rules, Authenticator auth, Keys keys, Store store, ApprenticeConfig config,
      Clock clock) {
    AdminRoutes admin = new AdminRoutes(auth, keys, store, config, clock);
    rules.post("/admin/keys", admin.guarded(admin::createKey))
        .get("/admin/keys", admin.guarded(admin::listKeys))
        .delete("/admin/keys/{id}", admin.guarded(admin::revokeKey))
        .get("/admin/traces", guarded(auth, TraceQueries.LIST, TraceQueries.LISTS, admin.traces::list))
        .delete("/admin/traces", guarded(auth, TraceQueries.DELETE, admin.traces::delete))
        .get("/admin/traces/export", guarded(auth, TraceQueries.EXPORT, TraceQueries.LISTS, admin.traces::export))
        .get("/admin/traces/{id}", admin.guarded(admin.traces::show))
        .get("/admin/costs", guarded(auth, TraceQueries.COSTS, admin.traces::costs));
  }

  /**
   * Checks the admin key ahead of every route under {@code /admin/}, then lets routing go on: without it a wrong
   * method (405, with {@code Allow}) or an unknown path (404) was answered before any key was asked for, telling
   * anyone which admin endpoints exist. Register it before the admin routes; they check the key again.
   */
  public static void gate(HttpRules rules, Authenticator auth) {
    rules.any("/admin/{+rest}", (req, res) -> {
      try {
        auth.requireAdmin(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
      } catch (GatewayException e) {
        ErrorResponses.send(res, e);
        return;
      }
      res.next();
    });
  }

  /** What an admin route does once the admin key has been checked. */
  @FunctionalInterface
  interface Route {
    void handle(ServerRequest req, ServerResponse res) throws IOException;
  }

  private Handler guarded(Route route) {
    return guarded(auth, route);
  }

  /**
   * A route that runs only for the admin key, takes no query parameter (400 naming one that is given) and answers
   * every failure in the API's error shape.
   */
  static Handler guarded(Authenticator auth, Route route) {
    return guarded(auth, Set.of(), route);
  }

  /** As {@link #guarded(Authenticator, Route)}, for a route that takes the query parameters {@code params}. */
  static Handler guarded(Authenticator auth, Set<String> params, Route route) {
    return guarded(auth, params, Set.of(), route);
  }

  /** As {@link #guarded(Authenticator, Set, Route)}; those of {@code repeatable} may be given more than once. */
  static Handler guarded(Authenticator auth, Set<String> params, Set<String> repeatable, Route route) {
    return (req, res) -> {
      try {
        auth.requireAdmin(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
        AdminQuery.check(req.query(), params, repeatable);
        route.handle(req, res);
      } catch (GatewayException e) {
        ErrorResponses.send(res, e);
      } catch (IllegalArgumentException e) {
        ErrorResponses.send(res, GatewayException.invalid(null, e.getMessage()));
      } catch (ClientGone | CloseConnectionException e) {
        // the client went away while its answer (an export, say) was being written, or its body read; any other I/O
        // failure (a directory that cannot be listed, a cache that cannot be cleared) is the server's own, below
        throw ClientGone.hangUp(e);
      } catch (IOException | RuntimeException e) {
        System.getLogger(AdminRoutes.class.getName()).log(System.Logger.Level.ERROR, "admin request failed", e);
        if (!res.isSent()) ErrorResponses.send(res, new GatewayException(ErrorCode.INTERNAL, "internal error"));
      }
    };
  }

  private void createKey(ServerRequest req, ServerResponse res) throws IOException {
    KeyRequest request = KeyRequest.read(bodies.parseUnambiguous(bodies.read(req)), KeyModels.of(config),
        config.limits().tenants().keySet(), clock.instant());
    Keys.Created created = keys.create(ApiKey.Role.CLIENT, request.tenant(), request.name(), request.models(),
        request.limits(), request.expiresAt());
    Map<String, Object> body = new LinkedHashMap<>(Views.key(created.key(), clock.instant()));
    body.put("key", created.secretKey());
    send(res, Status.CREATED_201, body);
  }

  private void listKeys(ServerRequest req, ServerResponse res) throws IOException {
    Instant now = clock.instant();
    send(res, Status.OK_200, Views.list(keys.list().stream().map(k -> Views.key(k, now)).toList()));
  }

  private void revokeKey(ServerRequest req, ServerResponse res) throws IOException {
    String id = req.path().pathParameters().get("id");
    if (!keys.revoke(id)) throw new GatewayException(ErrorCode.NOT_FOUND, "no active key with id '" + id + "'");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("object", "key");
    body.put("revoked", true);
    send(res, Status.OK_200, body);
  }

  static void send(ServerResponse res, Status status, Object body) throws IOException {
    res.status(status);
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    ClientGone.send(res, ServerJson.MAPPER.writeValueAsBytes(body));
  }
}
