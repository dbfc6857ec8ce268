package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.server.dataset.ImportOptions;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dataset routes of a running server, called with the admin key. An import sends the file as the request body,
 * so it is bounded by the server's {@code max_body_bytes}; larger files are imported on the data directory.
 */
final class HttpDatasetsClient implements DatasetsClient {

  private static final Duration WORK_TIMEOUT = Duration.ofMinutes(10);

  private final HttpAdminClient http;

  HttpDatasetsClient(HttpAdminClient http) {
    this.http = http;
  }

  @Override
  public JsonNode importFile(String name, Path file, ImportOptions options) {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("format", options.format());
    query.put("input_column", options.inputColumn());
    query.put("expected_column", options.expectedColumn());
    query.put("append", options.append() ? "true" : null);
    query.put("file", options.file());
    String type = options.format().equals("csv") ? "text/csv" : "application/x-ndjson";
    try {
      return http.postFile(path(name) + "/import" + TraceFilter.encode(query), file, type, WORK_TIMEOUT);
    } catch (AdminFailure e) {
      if (!e.getMessage().contains("HTTP 413")) throw e;
      throw AdminFailure.failed(e.getMessage() + "; import a file this large on the data directory (without --url)");
    }
  }

  @Override
  public JsonNode fromTraces(String name, ObjectNode filters) {
    return http.post(path(name) + "/from-traces", filters, WORK_TIMEOUT);
  }

  @Override
  public JsonNode list() {
    return http.get("/admin/datasets");
  }

  @Override
  public JsonNode show(String name) {
    return http.get(path(name));
  }

  @Override
  public JsonNode version(String name, String version, int offset, int limit) {
    return http.get(path(name) + "/versions/" + HttpAdminClient.segment(version) + "?offset=" + offset + "&limit=" + limit);
  }

  @Override
  public long export(String name, String version, Writer out) {
    return http.download(path(name) + "/versions/" + HttpAdminClient.segment(version) + "/export", out);
  }

  private static String path(String name) {
    return "/admin/datasets/" + HttpAdminClient.segment(name);
  }

  @Override
  public void close() {
    http.close();
  }
}
