package dev.apprentice.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.EmbeddingRequest;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.TokenIds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code /v1/embeddings} body as OpenAI's schema has it: {@code input} a string, an array of strings, an array
 * of token ids or an array of token-id arrays; a bad field is a 400 naming it. Fields the gateway does not know are
 * kept, to be sent on to OpenAI-type upstreams as chat calls' are.
 */
final class EmbeddingRequestReader {

  /** OpenAI's own limit on inputs per request; it also bounds the memory of one response. */
  static final int MAX_INPUTS = 2048;
  private static final Set<String> KNOWN = Set.of("model", "input", "encoding_format", "dimensions", "user");
  private static final String INPUT_SHAPES =
      "a string, an array of strings, an array of token ids (integers) or an array of token-id arrays";

  private EmbeddingRequestReader() {}

  static EmbeddingRequest read(JsonNode body) {
    if (!body.isObject()) throw GatewayException.invalid(null, "the request body must be a JSON object");
    JsonNode model = body.get("model");
    if (model == null || !model.isTextual() || model.asText().isBlank()) {
      throw GatewayException.invalid("model", "'model' is required and must be a string");
    }
    JsonNode input = body.get("input");
    if (input == null || input.isNull()) throw GatewayException.invalid("input", "'input' is required");
    TokenIds tokens = tokenIds(input);
    List<String> texts = tokens == null ? texts(input) : List.of();
    int inputs = tokens == null ? texts.size() : tokens.inputs().size();
    if (inputs == 0) throw GatewayException.invalid("input", "'input' must not be empty");
    if (inputs > MAX_INPUTS) throw GatewayException.invalid("input", "'input' may hold at most " + MAX_INPUTS + " inputs");
    JsonNode format = body.get("encoding_format");
    String encoding = format == null || format.isNull() ? "float" : format.asText();
    if (!encoding.equals("float") && !encoding.equals("base64")) {
      throw GatewayException.invalid("encoding_format", "'encoding_format' must be 'float' or 'base64'");
    }
    JsonNode dimensions = body.get("dimensions");
    if (dimensions != null && !dimensions.isNull() && (!dimensions.isInt() || dimensions.asInt() < 1)) {
      throw GatewayException.invalid("dimensions", "'dimensions' must be a positive integer");
    }
    JsonNode user = body.get("user");
    if (user != null && !user.isNull() && !user.isTextual()) {
      throw GatewayException.invalid("user", "'user' must be a string");
    }
    return new EmbeddingRequest(model.asText(), texts, encoding,
        dimensions == null || dimensions.isNull() ? null : dimensions.asInt(),
        user == null || user.isNull() ? null : user.asText(), extra(body), tokens);
  }

  private static List<String> texts(JsonNode input) {
    if (input.isTextual()) return List.of(input.asText());
    if (!input.isArray()) throw GatewayException.invalid("input", "'input' must be " + INPUT_SHAPES);
    List<String> texts = new ArrayList<>(input.size());
    for (int i = 0; i < input.size(); i++) {
      if (!input.get(i).isTextual()) {
        throw GatewayException.invalid("input[" + i + "]", "'input' must be " + INPUT_SHAPES
            + "; item " + i + " is not a string like the first");
      }
      texts.add(input.get(i).asText());
    }
    return texts;
  }

  /** The token ids of an input given as integers, or null when it is text. */
  private static TokenIds tokenIds(JsonNode input) {
    if (!input.isArray() || input.isEmpty()) return null;
    JsonNode first = input.get(0);
    if (first.isNumber()) return new TokenIds(List.of(ids(input, "input")), false);
    if (!first.isArray()) return null;
    List<int[]> arrays = new ArrayList<>(input.size());
    for (int i = 0; i < input.size(); i++) {
      if (!input.get(i).isArray()) {
        throw GatewayException.invalid("input[" + i + "]", "'input' must be " + INPUT_SHAPES
            + "; item " + i + " is not a token-id array like the first");
      }
      arrays.add(ids(input.get(i), "input[" + i + "]"));
    }
    return new TokenIds(arrays, true);
  }

  private static int[] ids(JsonNode array, String param) {
    int[] ids = new int[array.size()];
    for (int i = 0; i < ids.length; i++) {
      JsonNode id = array.get(i);
      if (!id.isIntegralNumber() || !id.canConvertToInt() || id.asInt() < 0) {
        throw GatewayException.invalid(param, "token ids must be non-negative integers; item " + i + " of '" + param
            + "' is not");
      }
      ids[i] = id.asInt();
    }
    return ids;
  }

  private static Map<String, Object> extra(JsonNode body) {
    Map<String, Object> extra = new LinkedHashMap<>();
    body.properties().forEach(field -> {
      if (!KNOWN.contains(field.getKey())) {
        extra.put(field.getKey(), ServerJson.MAPPER.convertValue(field.getValue(), Object.class));
      }
    });
    return extra;
  }
}
