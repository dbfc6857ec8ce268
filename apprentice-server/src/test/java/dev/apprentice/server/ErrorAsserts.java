package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;

/** Assertions on OpenAI-shaped error answers: exact status, type, code and param, and no leaked stack trace. */
final class ErrorAsserts {

  private ErrorAsserts() {}

  /** Asserts the error and returns its {@code error} object; a null code or param must be JSON null. */
  static JsonNode assertError(HttpResponse<String> response, int status, String type, String code, String param) {
    assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/json"));
    assertNoStackTrace(response.body());
    JsonNode error = RawHttp.json(response.body()).path("error");
    assertThat(error.isObject()).as("error object in %s", response.body()).isTrue();
    assertThat(error.path("type").asText()).as("type in %s", response.body()).isEqualTo(type);
    assertThat(textOrNull(error.get("code"))).as("code in %s", response.body()).isEqualTo(code);
    assertThat(textOrNull(error.get("param"))).as("param in %s", response.body()).isEqualTo(param);
    assertThat(error.path("message").asText()).as("message").isNotBlank();
    return error;
  }

  static void assertNoStackTrace(String body) {
    assertThat(body).doesNotContain("Exception").doesNotContain("at dev.apprentice").doesNotContain("\tat ");
  }

  private static String textOrNull(JsonNode node) {
    assertThat(node).as("field present (null allowed)").isNotNull();
    return node.isNull() ? null : node.asText();
  }
}
