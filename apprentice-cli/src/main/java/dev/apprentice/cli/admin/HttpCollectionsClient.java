package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The collection routes of a running server, called with the admin key. */
final class HttpCollectionsClient implements CollectionsClient {

  /** Adding documents embeds them (and loads the model on first use): allow it minutes, not seconds. */
  private static final Duration EMBEDDING_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(2);

  private final HttpAdminClient http;

  HttpCollectionsClient(HttpAdminClient http) {
    this.http = http;
  }

  @Override
  public JsonNode create(ObjectNode request) {
    return http.post("/admin/collections", request, QUERY_TIMEOUT);
  }

  @Override
  public JsonNode list() {
    return http.get("/admin/collections");
  }

  @Override
  public JsonNode show(String name) {
    return http.get(path(name));
  }

  @Override
  public JsonNode delete(String name) {
    return http.delete(path(name));
  }

  @Override
  public JsonNode documents(String name, String after, int limit) {
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("limit", limit);
    page.put("after", after);
    return http.get(path(name) + "/documents" + TraceFilter.encode(page));
  }

  @Override
  public JsonNode add(String name, ObjectNode documents) {
    try {
      return http.post(path(name) + "/documents", documents, EMBEDDING_TIMEOUT);
    } catch (AdminFailure e) {
      if (!e.getMessage().contains("HTTP 413")) throw e;
      throw e.extended("; add a file this large on the data directory (without --url), or raise the server's"
          + " server.max_body_bytes");
    }
  }

  @Override
  public JsonNode remove(String name, String documentId) {
    return http.delete(path(name) + "/documents/" + HttpAdminClient.segment(documentId));
  }

  @Override
  public JsonNode query(String name, ObjectNode query) {
    return http.post(path(name) + "/query", query, QUERY_TIMEOUT);
  }

  private static String path(String name) {
    return "/admin/collections/" + HttpAdminClient.segment(name);
  }

  @Override
  public void close() {
    http.close();
  }
}
