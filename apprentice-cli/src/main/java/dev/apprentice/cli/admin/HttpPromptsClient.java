package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/** The prompt routes of a running server, called with the admin key. */
final class HttpPromptsClient implements PromptsClient {

  private final HttpAdminClient http;

  HttpPromptsClient(HttpAdminClient http) {
    this.http = http;
  }

  @Override
  public JsonNode push(ObjectNode request) {
    return http.post("/admin/prompts", request, Duration.ofSeconds(60));
  }

  @Override
  public JsonNode list() {
    return http.get("/admin/prompts");
  }

  @Override
  public JsonNode show(String name) {
    return http.get(path(name));
  }

  @Override
  public JsonNode version(String name, String ref) {
    return http.get(path(name) + "/versions/" + HttpAdminClient.segment(ref));
  }

  @Override
  public JsonNode label(String name, String label, int version) {
    return http.put(path(name) + "/labels/" + HttpAdminClient.segment(label),
        AdminJson.MAPPER.createObjectNode().put("version", version));
  }

  private static String path(String name) {
    return "/admin/prompts/" + HttpAdminClient.segment(name);
  }

  @Override
  public void close() {
    http.close();
  }
}
