package dev.apprentice.server;

import dev.apprentice.api.ChatProvider;
import dev.apprentice.gateway.Gateway;
import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ModelSettings;
import dev.apprentice.gateway.routing.LatencyTracker;
import dev.apprentice.server.http.ChatHandler;
import dev.apprentice.server.http.EmbeddingsHandler;
import dev.apprentice.server.http.ErrorResponses;
import dev.apprentice.server.http.InfoHandlers;
import dev.apprentice.server.http.RequestBodies;
import dev.apprentice.server.http.TransportErrors;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import io.helidon.http.DirectHandler;
import io.helidon.webserver.WebServer;
import java.time.Duration;
import java.util.Map;

/**
 * The composition root: builds providers and model routes from the config, assembles the gateway, and serves the
 * HTTP API on Helidon's virtual-thread web server.
 */
public final class ApprenticeServer implements AutoCloseable {

  private final ApprenticeConfig config;
  private final Gateway gateway;
  private final WebServer web;

  private ApprenticeServer(ApprenticeConfig config, Gateway gateway, WebServer web) {
    this.config = config;
    this.gateway = gateway;
    this.web = web;
  }

  public static ApprenticeServer start(ApprenticeConfig config) {
    return start(config, Map.of());
  }

  /**
   * Starts with some providers supplied by the caller instead of built from config: an entry replaces the configured
   * provider of the same name (embedding Apprentice, or a fake provider in a test).
   */
  public static ApprenticeServer start(ApprenticeConfig config, Map<String, ChatProvider> supplied) {
    Map<String, ChatProvider> providers = new java.util.LinkedHashMap<>(ProviderFactory.build(config.providers()));
    providers.putAll(supplied);
    RouteFactory routes = new RouteFactory(providers, new LatencyTracker(0.3));
    Gateway.Builder builder = Gateway.builder();
    for (ModelSettings model : config.models().values()) builder.model(routes.build(model));
    Gateway gateway = builder.build();

    GatewayMetrics metrics = new GatewayMetrics();
    RequestBodies bodies = new RequestBodies(config.server().maxBodyBytes());
    ChatHandler chat = new ChatHandler(gateway, bodies, metrics);
    EmbeddingsHandler embeddings = new EmbeddingsHandler(gateway::model, bodies);
    InfoHandlers info = new InfoHandlers(gateway, metrics);
    TransportErrors transportErrors = new TransportErrors();

    WebServer web = WebServer.builder()
        .host(config.server().host())
        .port(config.server().port())
        .maxPayloadSize(config.server().maxBodyBytes())
        .connectionOptions(socket -> socket.tcpNoDelay(true))
        .shutdownGracePeriod(Duration.ofSeconds(5))
        .directHandlers(handlers -> {
          for (DirectHandler.EventType type : DirectHandler.EventType.values()) handlers.addHandler(type, transportErrors);
        })
        .routing(r -> r
            .post("/v1/chat/completions", chat)
            .post("/v1/embeddings", embeddings)
            .get("/v1/models", info::models)
            .get("/health", info::health)
            .get("/ready", info::ready)
            .get("/metrics", info::metrics)
            .any("/v1/chat/completions", ApprenticeServer::methodNotAllowed)
            .any("/v1/embeddings", ApprenticeServer::methodNotAllowed)
            .any(info::notFound))
        .build()
        .start();
    return new ApprenticeServer(config, gateway, web);
  }

  private static void methodNotAllowed(io.helidon.webserver.http.ServerRequest req, io.helidon.webserver.http.ServerResponse res) {
    ErrorResponses.send(res, new GatewayException(ErrorCode.METHOD_NOT_ALLOWED,
        req.prologue().method().text() + " is not allowed on " + req.path().path() + "; use POST"));
  }

  public int port() {
    return web.port();
  }

  public String baseUrl() {
    return "http://" + config.server().host() + ":" + port() + "/v1";
  }

  public ApprenticeConfig config() {
    return config;
  }

  public Gateway gateway() {
    return gateway;
  }

  @Override
  public void close() {
    web.stop();
    gateway.close();
  }
}
