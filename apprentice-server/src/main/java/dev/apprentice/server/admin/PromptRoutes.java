package dev.apprentice.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.server.access.Authenticator;
import dev.apprentice.server.http.RequestBodies;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;

/**
 * The admin API of the prompt registry: push a version, list prompts, show one with its versions and labels, show a
 * version (by number, label or {@code latest}), move a label. Every route needs the admin key.
 */
public final class PromptRoutes {

  private final PromptAdmin prompts;
  private final RequestBodies bodies = new RequestBodies(1024 * 1024);

  private PromptRoutes(PromptAdmin prompts) {
    this.prompts = prompts;
  }

  public static void register(HttpRules rules, Authenticator auth, PromptAdmin prompts) {
    PromptRoutes routes = new PromptRoutes(prompts);
    rules.post("/admin/prompts", AdminRoutes.guarded(auth, routes::push))
        .get("/admin/prompts", AdminRoutes.guarded(auth, routes::list))
        .get("/admin/prompts/{name}", AdminRoutes.guarded(auth, routes::show))
        .get("/admin/prompts/{name}/versions/{ref}", AdminRoutes.guarded(auth, routes::version))
        .put("/admin/prompts/{name}/labels/{label}", AdminRoutes.guarded(auth, routes::label));
  }

  private void push(ServerRequest req, ServerResponse res) throws IOException {
    var view = prompts.push(body(req));
    AdminRoutes.send(res, Boolean.TRUE.equals(view.get("created")) ? Status.CREATED_201 : Status.OK_200, view);
  }

  private void list(ServerRequest req, ServerResponse res) throws IOException {
    AdminRoutes.send(res, Status.OK_200, prompts.list());
  }

  private void show(ServerRequest req, ServerResponse res) throws IOException {
    AdminRoutes.send(res, Status.OK_200, prompts.show(param(req, "name")));
  }

  private void version(ServerRequest req, ServerResponse res) throws IOException {
    AdminRoutes.send(res, Status.OK_200, prompts.version(param(req, "name"), param(req, "ref")));
  }

  private void label(ServerRequest req, ServerResponse res) throws IOException {
    AdminRoutes.send(res, Status.OK_200, prompts.label(param(req, "name"), param(req, "label"), body(req)));
  }

  private JsonNode body(ServerRequest req) {
    return bodies.parseUnambiguous(bodies.read(req));
  }

  private static String param(ServerRequest req, String name) {
    return req.path().pathParameters().get(name);
  }
}
