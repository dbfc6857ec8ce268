package dev.apprentice.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.Deadline;
import dev.apprentice.local.collection.AddResult;
import dev.apprentice.local.collection.CollectionException;
import dev.apprentice.local.collection.Collections;
import dev.apprentice.local.collection.DocumentPage;
import dev.apprentice.server.access.Authenticator;
import dev.apprentice.server.http.RequestBodies;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.Set;

/**
 * The admin API of vector collections: create, list, show and delete collections; list, add and remove documents;
 * query.
 * Every route needs the admin key. A document id may hold slashes (a relative path): it is the rest of the path.
 */
public final class CollectionRoutes {

  /** The query parameters of the list of a collection's documents: a page's size, and the last id before it. */
  private static final Set<String> PAGE = Set.of("limit", "after");
  private static final System.Logger LOG = System.getLogger(CollectionRoutes.class.getName());

  private final Collections collections;
  private final RequestBodies bodies;

  private CollectionRoutes(Collections collections, long maxBodyBytes) {
    this.collections = collections;
    this.bodies = new RequestBodies(maxBodyBytes);
  }

  /** Adds the routes; documents may be posted in bodies up to {@code maxBodyBytes}. */
  public static void register(HttpRules rules, Authenticator auth, Collections collections, long maxBodyBytes) {
    CollectionRoutes routes = new CollectionRoutes(collections, maxBodyBytes);
    rules.post("/admin/collections", guarded(auth, routes::create))
        .get("/admin/collections", guarded(auth, routes::list))
        .get("/admin/collections/{name}", guarded(auth, routes::show))
        .delete("/admin/collections/{name}", guarded(auth, routes::delete))
        .get("/admin/collections/{name}/documents", guarded(auth, PAGE, routes::documents))
        .post("/admin/collections/{name}/documents", guarded(auth, routes::add))
        .delete("/admin/collections/{name}/documents/{+id}", guarded(auth, routes::remove))
        .post("/admin/collections/{name}/query", guarded(auth, routes::query));
  }

  private static io.helidon.webserver.http.Handler guarded(Authenticator auth, AdminRoutes.Route route) {
    return guarded(auth, Set.of(), route);
  }

  /** A route that takes the query parameters {@code params} (any other is a 400, as on every admin route). */
  private static io.helidon.webserver.http.Handler guarded(Authenticator auth, Set<String> params,
      AdminRoutes.Route route) {
    return AdminRoutes.guarded(auth, params, (req, res) -> {
      try {
        route.handle(req, res);
      } catch (CollectionException e) {
        if (e.reason() == CollectionException.Reason.UNAVAILABLE && e.getCause() != null) {
          // the answer is worded for its user; what the files or Lucene said goes to the log, for the operator
          LOG.log(System.Logger.Level.WARNING, e.getMessage() + " (" + e.getCause() + ")");
        }
        throw CollectionViews.error(e);
      }
    });
  }

  private void create(ServerRequest req, ServerResponse res) throws IOException {
    CollectionRequests.Create request = CollectionRequests.create(body(req));
    AdminRoutes.send(res, Status.CREATED_201, CollectionViews.collection(
        collections.create(request.name(), request.chunkSize(), request.chunkOverlap())));
  }

  private void list(ServerRequest req, ServerResponse res) throws IOException {
    AdminRoutes.send(res, Status.OK_200, Views.list(collections.list().stream().map(CollectionViews::collection).toList()));
  }

  private void show(ServerRequest req, ServerResponse res) throws IOException {
    AdminRoutes.send(res, Status.OK_200, CollectionViews.collection(collections.describe(name(req))));
  }

  private void delete(ServerRequest req, ServerResponse res) throws IOException {
    String name = name(req);
    collections.delete(name);
    AdminRoutes.send(res, Status.OK_200, CollectionViews.deleted("collection", name, null));
  }

  private void documents(ServerRequest req, ServerResponse res) throws IOException {
    int limit = AdminValues.limit(req.query().first("limit").orElse(null), DocumentPage.MAX_LIMIT);
    String after = req.query().first("after").orElse(null);
    AdminRoutes.send(res, Status.OK_200, CollectionViews.documents(collections.documents(name(req), after, limit)));
  }

  private void add(ServerRequest req, ServerResponse res) throws IOException {
    String name = name(req);
    collections.describe(name);
    AddResult result = collections.add(name, CollectionRequests.documents(body(req)));
    AdminRoutes.send(res, Status.OK_200, CollectionViews.added(name, result));
  }

  private void remove(ServerRequest req, ServerResponse res) throws IOException {
    String name = name(req);
    String id = req.path().pathParameters().get("id");
    collections.removeDocument(name, id);
    AdminRoutes.send(res, Status.OK_200, CollectionViews.deleted("collection.document", id, name));
  }

  private void query(ServerRequest req, ServerResponse res) throws IOException {
    String name = name(req);
    long since = System.nanoTime(); // the query sees what the describe saw: one look for another process's commits
    collections.describe(name);
    CollectionRequests.Query query = CollectionRequests.query(body(req));
    AdminRoutes.send(res, Status.OK_200, CollectionViews.results(name,
        collections.query(name, query.query(), query.k(), Deadline.NONE, since)));
  }

  private JsonNode body(ServerRequest req) {
    return bodies.parseUnambiguous(bodies.read(req));
  }

  private static String name(ServerRequest req) {
    return req.path().pathParameters().get("name");
  }
}
