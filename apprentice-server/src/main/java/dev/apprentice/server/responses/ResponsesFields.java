package dev.apprentice.server.responses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.GatewayException;

/** Reading the fields of a Responses request, each wrong one a 400 naming it. */
final class ResponsesFields {

  private ResponsesFields() {}

  /** The string at {@code field} of {@code node}; a 400 naming {@code path.field} when it is missing or not one. */
  static String requiredText(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    String param = path == null ? field : path + "." + field;
    if (value == null || value.isNull()) throw GatewayException.invalid(param, "'" + param + "' is required");
    if (!value.isTextual()) {
      throw GatewayException.invalid(param, "'" + param + "' must be a string; got " + jsonType(value));
    }
    return value.asText();
  }

  /** The string at {@code field} of {@code node}, or null when absent; a 400 naming {@code path.field} when not one. */
  static String optionalText(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : requiredText(node, field, path);
  }

  /** The string at a top-level {@code field}, or null when absent. */
  static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) return null;
    if (!value.isTextual()) throw GatewayException.invalid(field, "'" + field + "' must be a string; got " + jsonType(value));
    return value.asText();
  }

  static Double number(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) return null;
    if (!value.isNumber()) throw GatewayException.invalid(field, "'" + field + "' must be a number; got " + jsonType(value));
    return value.asDouble();
  }

  static Integer integer(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) return null;
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw GatewayException.invalid(field, "'" + field + "' must be an integer; got " + jsonType(value));
    }
    return value.asInt();
  }

  static Boolean bool(JsonNode body, String field) {
    return optionalBool(body, field, null);
  }

  /** The boolean at {@code field} of {@code node}, or null when absent; a 400 naming {@code path.field} when not one. */
  static Boolean optionalBool(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) return null;
    String param = path == null ? field : path + "." + field;
    if (!value.isBoolean()) throw GatewayException.invalid(param, "'" + param + "' must be a boolean; got " + jsonType(value));
    return value.asBoolean();
  }

  /** The object at a top-level {@code field}, or null when absent; a 400 naming it when it is not an object. */
  static JsonNode object(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) return null;
    if (!value.isObject()) throw GatewayException.invalid(field, "'" + field + "' must be an object; got " + jsonType(value));
    return value;
  }

  /** A top-level {@code field} that must be, when present, an array of strings (a 400 naming the wrong entry). */
  static void strings(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) return;
    if (!value.isArray()) throw GatewayException.invalid(field, "'" + field + "' must be an array of strings; got " + jsonType(value));
    for (int i = 0; i < value.size(); i++) {
      if (!value.get(i).isTextual()) {
        String param = field + "[" + i + "]";
        throw GatewayException.invalid(param, "'" + param + "' must be a string; got " + jsonType(value.get(i)));
      }
    }
  }

  /** A JSON value's type in JSON's words, for error messages. */
  static String jsonType(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) return "null";
    if (value.isTextual()) return "a string";
    if (value.isNumber()) return "a number";
    if (value.isBoolean()) return "a boolean";
    if (value.isArray()) return "an array";
    return "an object";
  }
}
