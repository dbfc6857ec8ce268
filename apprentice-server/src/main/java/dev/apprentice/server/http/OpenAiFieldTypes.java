package dev.apprentice.server.http;

import dev.apprentice.api.GatewayException;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * The JSON types of OpenAI chat request fields that the gateway does not read itself but passes through: a value of
 * the wrong type ({@code logit_bias: "x"}) is a 400 naming the field here, as it would be for a field the gateway
 * reads, rather than a surprise from whichever upstream gets it (or none: the simulator and Anthropic ignore most of
 * them). Only types are checked; values are the upstream's to judge, as an OpenAI-compatible server may accept more.
 */
final class OpenAiFieldTypes {

  private enum Type { OBJECT, ARRAY, STRING, NUMBER, INTEGER, BOOLEAN }

  private static final Map<String, Type> FIELDS = Map.of(
      "logit_bias", Type.OBJECT, "logprobs", Type.BOOLEAN, "top_logprobs", Type.INTEGER,
      "presence_penalty", Type.NUMBER, "frequency_penalty", Type.NUMBER, "store", Type.BOOLEAN,
      "reasoning_effort", Type.STRING, "service_tier", Type.STRING, "modalities", Type.ARRAY,
      "prediction", Type.OBJECT);

  private OpenAiFieldTypes() {}

  static void check(Map<String, Object> extra) {
    if (extra.isEmpty()) return;
    FIELDS.forEach((field, type) -> {
      Object value = extra.get(field);
      if (value != null && !is(type, value)) {
        throw GatewayException.invalid(field, "'" + field + "' must be " + describe(type) + "; got " + jsonType(value));
      }
    });
    if (extra.get("logit_bias") instanceof Map<?, ?> bias) {
      bias.forEach((token, value) -> {
        if (!String.valueOf(token).matches("[0-9]{1,10}") || !(value instanceof Number)) {
          throw GatewayException.invalid("logit_bias", "'logit_bias' maps token ids to numbers from -100 to 100; got '"
              + token + "': " + jsonType(value));
        }
      });
    }
  }

  /** How a parsed JSON value reads in a message: {@code a string}, {@code a number}, {@code nothing}. */
  static String jsonType(Object value) {
    if (value == null) return "nothing";
    if (value instanceof String) return "a string";
    if (value instanceof Number) return "a number";
    if (value instanceof Boolean) return "a boolean";
    if (value instanceof List<?>) return "an array";
    if (value instanceof Map<?, ?>) return "an object";
    return "a " + value.getClass().getSimpleName();
  }

  private static boolean is(Type type, Object value) {
    return switch (type) {
      case OBJECT -> value instanceof Map<?, ?>;
      case ARRAY -> value instanceof List<?>;
      case STRING -> value instanceof String;
      case NUMBER -> value instanceof Number;
      case INTEGER -> value instanceof Integer || value instanceof Long || value instanceof BigInteger;
      case BOOLEAN -> value instanceof Boolean;
    };
  }

  private static String describe(Type type) {
    return switch (type) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case INTEGER -> "an integer";
      case BOOLEAN -> "a boolean";
    };
  }
}
