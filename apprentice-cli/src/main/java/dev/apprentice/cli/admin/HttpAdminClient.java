package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends admin requests to a running server's {@code /admin/...} routes with the admin key. An error answer becomes
 * an {@link AdminFailure} carrying the server's own message: a 400 (the request was bad) or a 404 (it named something
 * that does not exist) exits 2, anything else 1.
 */
final class HttpAdminClient implements AdminClient {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration EXPORT_TIMEOUT = Duration.ofHours(1);

  private final String base;
  private final String adminKey;
  private final HttpClient http;

  private HttpAdminClient(String base, String adminKey) {
    this.base = base;
    this.adminKey = adminKey;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();
  }

  /**
   * A client for the server at {@code url} ({@code http://host:port}; a trailing {@code /} or {@code /v1} is
   * ignored).
   */
  static HttpAdminClient connect(String url, String adminKey) {
    String base = url.strip();
    while (base.endsWith("/")) base = base.substring(0, base.length() - 1);
    if (base.endsWith("/v1")) base = base.substring(0, base.length() - 3);
    URI uri;
    try {
      uri = URI.create(base);
    } catch (IllegalArgumentException e) {
      throw AdminFailure.usage("--url must look like http://host:port; got '" + url + "'");
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw AdminFailure.usage("--url must look like http://host:port; got '" + url + "'");
    }
    return new HttpAdminClient(base, adminKey.strip());
  }

  @Override
  public JsonNode createKey(ObjectNode request) {
    return answer(request("/admin/keys").header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(AdminJson.line(request))));
  }

  @Override
  public JsonNode listKeys() {
    return answer(request("/admin/keys").GET());
  }

  @Override
  public JsonNode revokeKey(String id) {
    return answer(request("/admin/keys/" + segment(id)).DELETE());
  }

  @Override
  public JsonNode listTraces(TraceFilter filter) {
    return answer(request("/admin/traces" + filter.queryString()).GET());
  }

  @Override
  public JsonNode showTrace(String id) {
    // GET /admin/traces/export is the export, never a trace: no trace has that id (theirs begin with tr_)
    if (id.equals("export")) throw DirectAdminClient.noTrace(id);
    return answer(request("/admin/traces/" + segment(id)).GET());
  }

  @Override
  public long exportTraces(TraceFilter filter, Writer out) {
    return download("/admin/traces/export" + filter.queryString(), out);
  }

  @Override
  public JsonNode deleteTraces(String before) {
    return answer(request("/admin/traces" + TraceFilter.encode(Map.of("before", before))).DELETE());
  }

  @Override
  public JsonNode costs(String groupBy, String since, String until) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("group_by", groupBy);
    params.put("since", since);
    params.put("until", until);
    return answer(request("/admin/costs" + TraceFilter.encode(params)).GET());
  }

  /** A GET of any admin route, answered as JSON. */
  JsonNode get(String path) {
    return answer(request(path).GET());
  }

  /** A POST of a JSON body to any admin route; {@code timeout} bounds work that may take long (embedding). */
  JsonNode post(String path, JsonNode body, Duration timeout) {
    return answer(request(path).timeout(timeout).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(AdminJson.line(body))));
  }

  /** A PUT of a JSON body to any admin route. */
  JsonNode put(String path, JsonNode body) {
    return answer(request(path).header("content-type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(AdminJson.line(body))));
  }

  /** A POST whose body is a file, streamed from disk. */
  JsonNode postFile(String path, java.nio.file.Path file, String contentType, Duration timeout) {
    try {
      return answer(request(path).timeout(timeout).header("content-type", contentType)
          .POST(HttpRequest.BodyPublishers.ofFile(file)));
    } catch (java.io.FileNotFoundException e) {
      throw AdminFailure.usage("cannot read " + file + ": no such file");
    }
  }

  /** A GET of JSON Lines from any admin route, copied line by line to {@code out}; returns the number of lines. */
  long download(String path, Writer out) {
    HttpRequest req = request(path).timeout(EXPORT_TIMEOUT).GET().build();
    HttpResponse<InputStream> res = send(req, HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
      if (res.statusCode() != 200) throw refusal(res.statusCode(), readAll(lines));
      long count = 0;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isBlank()) continue;
        out.write(line);
        out.write('\n');
        count++;
      }
      return count;
    } catch (IOException | UncheckedIOException e) {
      throw AdminFailure.failed("the export from " + base + " broke off: " + e.getMessage(), e);
    }
  }

  /** A DELETE of any admin route. */
  JsonNode delete(String path) {
    return answer(request(path).DELETE());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(ANSWER_TIMEOUT)
        .header("authorization", "Bearer " + adminKey).header("accept", "application/json");
  }

  private JsonNode answer(HttpRequest.Builder request) {
    HttpResponse<String> res = send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (res.statusCode() >= 400) throw refusal(res.statusCode(), res.body());
    try {
      return AdminJson.MAPPER.readTree(res.body());
    } catch (IOException e) {
      throw AdminFailure.failed("the server at " + base + " answered HTTP " + res.statusCode() + " with no JSON");
    }
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
    try {
      return http.send(request, body);
    } catch (ConnectException e) {
      throw AdminFailure.failed("cannot reach the server at " + base + ": connection refused", e);
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw AdminFailure.failed("cannot reach the server at " + base + ": " + why, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AdminFailure.failed("interrupted while waiting for " + base, e);
    }
  }

  /** The server's error message ({@code error.message} of the OpenAI shape), on one line. */
  private static AdminFailure refusal(int status, String body) {
    String message = body == null ? "" : body.strip();
    try {
      JsonNode error = AdminJson.MAPPER.readTree(message).path("error").path("message");
      if (error.isTextual()) message = error.asText();
    } catch (IOException notJson) {
      // keep the raw text
    }
    if (message.isEmpty()) message = "no message";
    String line = message.replaceAll("\\s*\\R\\s*", " ") + " (HTTP " + status + ")";
    return AdminFailure.ofStatus(status, line);
  }

  private static String readAll(BufferedReader reader) throws IOException {
    StringBuilder text = new StringBuilder();
    for (String line = reader.readLine(); line != null; line = reader.readLine()) text.append(line).append('\n');
    return text.toString();
  }

  /** A path segment with every reserved character (the slash too) percent-encoded. */
  static String segment(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public void close() {
    http.close();
  }
}
