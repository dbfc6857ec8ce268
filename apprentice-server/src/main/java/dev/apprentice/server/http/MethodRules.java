package dev.apprentice.server.http;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Routing rules that remember the methods each path answers ({@code get}, {@code post}, ... all come through
 * {@link #route(Method, String, Handler)}), so that a known path asked with another method answers 405
 * {@code method_not_allowed} with an {@code Allow} header naming them, rather than 404 {@code not_found}. A path that
 * answers {@code GET} answers {@code HEAD} too (RFC 9110 §9.1), with its {@code GET} handler, unless it has a
 * {@code HEAD} route of its own; {@link HeadAnswers} leaves the body out.
 */
public final class MethodRules implements HttpRules {

  private final HttpRules rules;
  private final Map<String, Set<Method>> methods = new LinkedHashMap<>();
  private final Map<String, Handler> gets = new LinkedHashMap<>();

  public MethodRules(HttpRules rules) {
    this.rules = rules;
  }

  @Override
  public HttpRules route(Method method, String path, Handler handler) {
    methods.computeIfAbsent(path, p -> new LinkedHashSet<>()).add(method);
    if (method == Method.GET) gets.put(path, handler);
    rules.route(method, path, handler);
    return this;
  }

  @Override
  public HttpRules route(HttpRoute route) {
    rules.route(route);
    return this;
  }

  @Override
  public HttpRules register(HttpService... services) {
    rules.register(services);
    return this;
  }

  @Override
  public HttpRules register(String path, HttpService... services) {
    rules.register(path, services);
    return this;
  }

  /**
   * Call after every route: each path routed above with {@code GET} and no {@code HEAD} answers {@code HEAD} as
   * {@code GET}, and its other methods 405, in the order it was routed.
   */
  public void refuseOtherMethods() {
    gets.forEach((path, handler) -> {
      if (methods.get(path).add(Method.HEAD)) rules.route(Method.HEAD, path, handler);
    });
    methods.forEach((path, allowed) -> {
      String allow = allowed.stream().map(Method::text).collect(Collectors.joining(", "));
      rules.any(path, (req, res) -> {
        res.header(HeaderNames.ALLOW, allow);
        ErrorResponses.send(res, new GatewayException(ErrorCode.METHOD_NOT_ALLOWED, req.prologue().method().text()
            + " is not allowed on " + req.path().path() + "; use " + allow.replace(", ", " or ")));
      });
    });
  }
}
