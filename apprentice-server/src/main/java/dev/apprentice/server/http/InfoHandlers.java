package dev.apprentice.server.http;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.gateway.Gateway;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.server.GatewayMetrics;
import dev.apprentice.server.StartupTasks;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The small read-only endpoints: models, liveness, readiness, metrics, and the JSON 404/405 answers. */
public final class InfoHandlers {

  private final Gateway gateway;
  private final GatewayMetrics metrics;
  private final java.util.function.BooleanSupplier storeHealthy;
  private final List<String> builtInModels;
  private final StartupTasks startup;
  private final long startedEpochSeconds = System.currentTimeMillis() / 1000;

  /**
   * @param builtInModels the built-in in-process models, listed after the configured aliases unless an alias has
   *                      their name
   * @param startup       the background loads the server is not ready without
   */
  public InfoHandlers(Gateway gateway, GatewayMetrics metrics, java.util.function.BooleanSupplier storeHealthy,
      java.util.Collection<String> builtInModels, StartupTasks startup) {
    this.gateway = gateway;
    this.metrics = metrics;
    this.storeHealthy = storeHealthy;
    this.builtInModels = List.copyOf(builtInModels);
    this.startup = startup;
  }

  public void models(ServerRequest req, ServerResponse res) throws Exception {
    List<Map<String, Object>> data = new ArrayList<>();
    for (ModelRoute route : gateway.models()) data.add(model(route.name()));
    for (String name : builtInModels) {
      if (gateway.model(name) == null) data.add(model(name));
    }
    json(res, Status.OK_200, Map.of("object", "list", "data", data));
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

  public void ready(ServerRequest req, ServerResponse res) throws Exception {
    boolean routable = gateway.anyRoutable();
    boolean store = storeHealthy.getAsBoolean();
    String loading = startup.notReady().orElse("");
    String reason = !store ? "the store does not answer" : !routable ? "no model has a target with a closed circuit"
        : loading;
    boolean ready = reason.isEmpty();
    json(res, ready ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503,
        Map.of("status", ready ? "ready" : "not ready", "models", gateway.models().size(),
            "store", store ? "ok" : "unavailable", "reason", reason));
  }

  public void metrics(ServerRequest req, ServerResponse res) {
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
}
