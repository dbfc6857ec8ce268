package dev.apprentice.server.http;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.gateway.Gateway;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.server.GatewayMetrics;
import dev.apprentice.server.StartupTasks;
import dev.apprentice.server.access.Authenticator;
import dev.apprentice.server.access.MetricsAccess;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The small read-only endpoints: models, liveness, readiness, metrics, and the JSON 404/405 answers. */
public final class InfoHandlers {

  private final Gateway gateway;
  private final Authenticator auth;
  private final MetricsAccess metricsAccess;
  private final GatewayMetrics metrics;
  private final Supplier<Optional<String>> storeProblem;
  private final Supplier<Optional<String>> traceWriteProblem;
  private final List<String> builtInModels;
  private final StartupTasks startup;
  private final long startedEpochSeconds = System.currentTimeMillis() / 1000;

  /**
   * @param builtInModels the built-in in-process models, listed after the configured aliases unless an alias has
   *                      their name
   * @param startup       the background loads the server is not ready without
   * @param metricsAccess who may read {@code /metrics}
   * @param storeProblem  why the store does not answer a query, or empty when it does (the server is not ready)
   * @param traceWriteProblem why traces (or, with traces off, the spend ledger) cannot be written, or empty when they
   *                      can: calls are still answered, so the server stays ready, and {@code /ready} says so
   */
  public InfoHandlers(Gateway gateway, Authenticator auth, GatewayMetrics metrics,
      Supplier<Optional<String>> storeProblem, Supplier<Optional<String>> traceWriteProblem,
      java.util.Collection<String> builtInModels, StartupTasks startup, MetricsAccess metricsAccess) {
    this.gateway = gateway;
    this.auth = auth;
    this.metricsAccess = metricsAccess;
    this.metrics = metrics;
    this.storeProblem = storeProblem;
    this.traceWriteProblem = traceWriteProblem;
    this.builtInModels = List.copyOf(builtInModels);
    this.startup = startup;
  }

  /** {@code GET /v1/models}: the models the caller's key may call, in OpenAI's list format; 401 as for a call. */
  public void models(ServerRequest req, ServerResponse res) throws Exception {
    Predicate<String> listable;
    try {
      listable = auth.listable(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
    } catch (GatewayException e) {
      ErrorResponses.send(res, e);
      return;
    }
    List<Map<String, Object>> data = new ArrayList<>();
    for (String name : names()) {
      if (listable.test(name)) data.add(model(name));
    }
    Map<String, Object> list = new LinkedHashMap<>(); // in OpenAI's order: object, then data
    list.put("object", "list");
    list.put("data", data);
    json(res, Status.OK_200, list);
  }

  /** {@code GET /v1/models/{id}}: one model the caller's key may call; 404 {@code model_not_found} otherwise. */
  public void model(ServerRequest req, ServerResponse res) throws Exception {
    String id = req.path().pathParameters().get("id");
    try {
      Predicate<String> listable = auth.listable(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
      if (!names().contains(id) || !listable.test(id)) {
        throw new GatewayException(ErrorCode.MODEL_NOT_FOUND, "The model '" + shortened(id) + "' does not exist or you do not have access to it.",
            "model", null);
      }
    } catch (GatewayException e) {
      ErrorResponses.send(res, e);
      return;
    }
    json(res, Status.OK_200, model(id));
  }

  /** The configured aliases, then the built-in models no alias shadows. */
  private List<String> names() {
    List<String> names = new ArrayList<>();
    for (ModelRoute route : gateway.models()) names.add(route.name());
    for (String name : builtInModels) {
      if (gateway.model(name) == null) names.add(name);
    }
    return names;
  }

  private static String shortened(String id) {
    return id.length() <= 200 ? id : id.substring(0, 200) + "…";
  }

  private Map<String, Object> model(String id) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("id", id);
    model.put("object", "model");
    model.put("created", startedEpochSeconds);
    model.put("owned_by", "apprentice");
    return model;
  }

  public void health(ServerRequest req, ServerResponse res) throws Exception {
    json(res, Status.OK_200, Map.of("status", "ok"));
  }

  /** {@code HEAD /health}: 200 without a body. */
  public void healthHead(ServerRequest req, ServerResponse res) {
    headOnly(res, Status.OK_200);
  }

  /**
   * {@code GET /ready}: 200 {@code ready}, or 503 {@code not ready} with the {@code reason}. {@code store} is
   * {@code ok}, {@code unavailable} (no query answered: not ready) or {@code writes failing} (traces are held, then
   * dropped and counted, while calls are still answered: ready, with the cause in {@code store_problem}).
   */
  public void ready(ServerRequest req, ServerResponse res) throws Exception {
    Readiness readiness = readiness();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", readiness.ready() ? "ready" : "not ready");
    body.put("models", gateway.models().size());
    body.put("store", readiness.store());
    body.put("reason", readiness.reason());
    readiness.storeProblem().ifPresent(problem -> body.put("store_problem", problem));
    json(res, readiness.status(), body);
  }

  /** {@code HEAD /ready}: the status of {@code GET /ready} without a body. */
  public void readyHead(ServerRequest req, ServerResponse res) {
    headOnly(res, readiness().status());
  }

  private record Readiness(String store, Optional<String> storeProblem, String reason) {
    boolean ready() {
      return reason.isEmpty();
    }

    Status status() {
      return ready() ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503;
    }
  }

  private Readiness readiness() {
    boolean routable = gateway.anyRoutable();
    Optional<String> unavailable = storeProblem.get();
    Optional<String> writes = unavailable.isPresent() ? Optional.empty() : traceWriteProblem.get();
    String loading = startup.notReady().orElse("");
    String reason = unavailable.isPresent() ? "the store does not answer: " + unavailable.get()
        : !routable ? "no model has a target with a closed circuit" : loading;
    String store = unavailable.isPresent() ? "unavailable" : writes.isPresent() ? "writes failing" : "ok";
    return new Readiness(store, unavailable.or(() -> writes), reason);
  }

  /** {@code GET /metrics}: Prometheus' text format; with {@code server.metrics_key} set, for that key or the admin's. */
  public void metrics(ServerRequest req, ServerResponse res) {
    try {
      metricsAccess.require(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
    } catch (GatewayException e) {
      ErrorResponses.send(res, e);
      return;
    }
    res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
    res.send(metrics.scrape());
  }

  public void notFound(ServerRequest req, ServerResponse res) {
    ErrorResponses.send(res, new GatewayException(ErrorCode.NOT_FOUND,
        "no endpoint " + req.prologue().method().text() + " " + req.path().path()));
  }

  private static void json(ServerResponse res, Status status, Object body) throws Exception {
    res.status(status);
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(ServerJson.MAPPER.writeValueAsBytes(body));
  }

  /**
   * The status of a HEAD answer, without a body: Helidon sends whatever a handler sends on HEAD too, and a client
   * reusing the connection would read that body as the start of its next answer.
   */
  private static void headOnly(ServerResponse res, Status status) {
    res.status(status);
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send();
  }
}
