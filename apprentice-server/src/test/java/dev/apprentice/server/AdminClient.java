package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The admin API as a test uses it: each call must succeed, and trace queries first flush the asynchronous trace
 * writer so that every call answered so far is visible.
 */
final class AdminClient {

  private final ApprenticeServer server;
  private final KeyedHttp http;
  private final String adminKey;

  AdminClient(ApprenticeServer server, String adminKey) {
    this.server = server;
    this.http = new KeyedHttp(server);
    this.adminKey = adminKey;
  }

  /** Creates a key from a {@code POST /admin/keys} body and returns the whole answer (with its {@code key}). */
  JsonNode createKey(String json) {
    HttpResponse<String> response = http.post("/admin/keys", adminKey, json);
    assertThat(response.statusCode()).as("create key: %s", response.body()).isEqualTo(201);
    return RawHttp.json(response.body());
  }

  /** Creates a key and returns its secret text ({@code ak-...}). */
  String newKey(String json) {
    return createKey(json).path("key").asText();
  }

  void revoke(String id) {
    HttpResponse<String> response = http.delete("/admin/keys/" + id, adminKey);
    assertThat(response.statusCode()).as("revoke: %s", response.body()).isEqualTo(200);
  }

  /** {@code GET /admin/traces?query}: the listed traces. */
  List<JsonNode> traces(String query) {
    return list(ok("/admin/traces" + (query.isEmpty() ? "" : "?" + query)).path("data"));
  }

  /** {@code GET /admin/traces?query}: the whole answer, {@code has_more} with the page. */
  JsonNode tracePage(String query) {
    return ok("/admin/traces" + (query.isEmpty() ? "" : "?" + query));
  }

  JsonNode trace(String id) {
    return ok("/admin/traces/" + id);
  }

  /** {@code GET /admin/costs?query}: the whole answer. */
  JsonNode costs(String query) {
    return ok("/admin/costs" + (query.isEmpty() ? "" : "?" + query));
  }

  /** {@code GET /admin/traces/export}: one parsed trace per line. */
  List<JsonNode> export() {
    flush();
    HttpResponse<String> response = http.get("/admin/traces/export", adminKey);
    assertThat(response.statusCode()).as("export: %s", response.body()).isEqualTo(200);
    List<JsonNode> traces = new ArrayList<>();
    for (String line : response.body().split("\n")) {
      if (!line.isEmpty()) traces.add(RawHttp.json(line));
    }
    return traces;
  }

  /** {@code GET /admin/cache}: how many answers the response cache holds. */
  long cacheEntries() {
    return cache().path("entries").asLong();
  }

  /** {@code GET /admin/cache}: the entries and the lookups' outcomes since start. */
  JsonNode cache() {
    return ok("/admin/cache");
  }

  /** Waits until the response cache holds {@code n} answers: they are kept off the request path, in call order. */
  void awaitCacheEntries(long n) {
    for (int i = 0; i < 200 && cacheEntries() < n; i++) {
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    assertThat(cacheEntries()).as("answers in the cache").isEqualTo(n);
  }

  /** Any admin GET, after a flush, unchecked. */
  HttpResponse<String> get(String pathAndQuery) {
    flush();
    return http.get(pathAndQuery, adminKey);
  }

  void flush() {
    server.accounting().flush();
  }

  private JsonNode ok(String pathAndQuery) {
    HttpResponse<String> response = get(pathAndQuery);
    assertThat(response.statusCode()).as("%s: %s", pathAndQuery, response.body()).isEqualTo(200);
    return RawHttp.json(response.body());
  }

  static List<JsonNode> list(JsonNode array) {
    List<JsonNode> items = new ArrayList<>();
    array.forEach(items::add);
    return items;
  }
}
