package dev.apprentice.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.server.access.Authenticator;
import dev.apprentice.server.dataset.ImportOptions;
import dev.apprentice.server.http.JsonLinesAnswer;
import dev.apprentice.server.http.RequestBodies;
import dev.apprentice.server.http.ServerJson;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * The admin API of datasets: import a file (the request body, up to {@code server.max_body_bytes}; larger files go
 * through the CLI on the data directory), build a version from traces, list, show a version with a page of items,
 * export a version as JSON Lines. Every route needs the admin key.
 */
public final class DatasetRoutes {

  private final DatasetAdmin datasets;
  private final RequestBodies uploads;
  private final RequestBodies bodies = new RequestBodies(1024 * 1024);

  private DatasetRoutes(DatasetAdmin datasets, long maxBodyBytes) {
    this.datasets = datasets;
    this.uploads = new RequestBodies(maxBodyBytes);
  }

  public static void register(HttpRules rules, Authenticator auth, DatasetAdmin datasets, long maxBodyBytes) {
    DatasetRoutes routes = new DatasetRoutes(datasets, maxBodyBytes);
    rules.post("/admin/datasets/{name}/import", AdminRoutes.guarded(auth,
            Set.of("format", "input_column", "expected_column", "append", "file"), routes::importFile))
        .post("/admin/datasets/{name}/from-traces", AdminRoutes.guarded(auth, routes::fromTraces))
        .get("/admin/datasets", AdminRoutes.guarded(auth, routes::list))
        .get("/admin/datasets/{name}", AdminRoutes.guarded(auth, routes::show))
        .get("/admin/datasets/{name}/versions/{version}/export", AdminRoutes.guarded(auth, routes::export))
        .get("/admin/datasets/{name}/versions/{version}", AdminRoutes.guarded(auth, Set.of("limit", "offset"),
            routes::version));
  }

  /**
   * The body is the file; {@code ?format=jsonl|csv&input_column=&expected_column=&append=true&file=} (any other
   * parameter is refused by {@link AdminRoutes#guarded}, as from-traces refuses an unknown filter).
   */
  private void importFile(ServerRequest req, ServerResponse res) throws IOException {
    String format = query(req, "format");
    if (format == null) {
      String type = req.headers().contentType().map(t -> t.mediaType().text()).orElse("");
      format = type.contains("csv") ? "csv" : "jsonl";
    }
    boolean append = AdminValues.flag("append", query(req, "append"), false);
    ImportOptions options;
    try {
      options = new ImportOptions(format, query(req, "input_column"), query(req, "expected_column"), append,
          query(req, "file"));
    } catch (ImportOptions.SameColumn e) {
      throw GatewayException.invalid("expected_column", e.naming("input_column", "expected_column"));
    } catch (IllegalArgumentException e) {
      throw GatewayException.invalid("format", e.getMessage());
    }
    byte[] file = uploads.read(req);
    made(res, datasets.importRows(name(req), new ByteArrayInputStream(file), options));
  }

  private void fromTraces(ServerRequest req, ServerResponse res) throws IOException {
    byte[] body = bodies.read(req);
    JsonNode filters = body.length == 0 ? null : bodies.parseUnambiguous(body);
    made(res, datasets.fromTraces(name(req), filters));
  }

  /** 201 for a new version; 200 for an append that added nothing, answering the latest version (as prompts do). */
  private static void made(ServerResponse res, Map<String, Object> view) throws IOException {
    AdminRoutes.send(res, Boolean.TRUE.equals(view.get("created")) ? Status.CREATED_201 : Status.OK_200, view);
  }

  private void list(ServerRequest req, ServerResponse res) throws IOException {
    AdminRoutes.send(res, Status.OK_200, datasets.list());
  }

  private void show(ServerRequest req, ServerResponse res) throws IOException {
    AdminRoutes.send(res, Status.OK_200, datasets.show(name(req)));
  }

  /** {@code ?limit=N&offset=M} (default {@value DatasetAdmin#DEFAULT_ITEMS} items from the first). */
  private void version(ServerRequest req, ServerResponse res) throws IOException {
    AdminRoutes.send(res, Status.OK_200, datasets.version(name(req), req.path().pathParameters().get("version"),
        number(req, "offset", 0), number(req, "limit", DatasetAdmin.DEFAULT_ITEMS)));
  }

  private void export(ServerRequest req, ServerResponse res) throws IOException {
    String version = req.path().pathParameters().get("version");
    datasets.find(name(req), version);
    JsonLinesAnswer.send(req, res, ServerJson.WIRE, lines -> datasets.export(name(req), version, lines::accept));
  }

  private static int number(ServerRequest req, String param, int otherwise) {
    String text = query(req, param);
    if (text == null) return otherwise;
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw GatewayException.invalid(param, param + " must be a whole number; got '" + text + "'");
    }
  }

  private static String query(ServerRequest req, String name) {
    return req.query().contains(name) ? req.query().get(name) : null;
  }

  private static String name(ServerRequest req) {
    return req.path().pathParameters().get("name");
  }
}
