package dev.apprentice.cli.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apprentice.server.http.ServerJson;

/** JSON as the admin API writes it: the server's own mapper, so direct mode prints exactly what a server answers. */
final class AdminJson {

  static final ObjectMapper MAPPER = ServerJson.MAPPER;

  private AdminJson() {}

  /** A view (maps of {@code Views}) as the JSON tree a server would have sent. */
  static JsonNode tree(Object view) {
    try {
      return MAPPER.readTree(MAPPER.writeValueAsBytes(view));
    } catch (java.io.IOException e) {
      throw AdminFailure.failed("cannot write JSON: " + e.getMessage(), e);
    }
  }

  /** One line of JSON, as in an export. */
  static String line(Object view) {
    try {
      return MAPPER.writeValueAsString(view);
    } catch (JsonProcessingException e) {
      throw AdminFailure.failed("cannot write JSON: " + e.getMessage(), e);
    }
  }

  /** Indented JSON for {@code --json}. */
  static String pretty(JsonNode node) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw AdminFailure.failed("cannot write JSON: " + e.getMessage(), e);
    }
  }
}
