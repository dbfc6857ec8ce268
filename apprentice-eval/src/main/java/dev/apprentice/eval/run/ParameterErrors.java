package dev.apprentice.eval.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.apprentice.api.JsonParseErrors;
import java.util.Collection;
import java.util.Map;

/**
 * Why a variant's {@code parameters} do not make a chat request, in the suite's words: the field's path and the kind
 * of value it takes ({@code response_format: expected a mapping}), never the Java types the request is read into.
 */
final class ParameterErrors {

  private ParameterErrors() {}

  /** The reason {@code failure} (a conversion of the parameters to a request) gives, with the field's path. */
  static String describe(IllegalArgumentException failure) {
    if (!(failure.getCause() instanceof JsonMappingException mapping)) return failure.getMessage();
    String path = path(mapping);
    return (path.isEmpty() ? "" : path + ": ") + reason(mapping);
  }

  private static String reason(JsonMappingException e) {
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) return "expected " + kind(m.getTargetType());
    if (e instanceof ValueInstantiationException && e.getCause() != null && e.getCause().getMessage() != null) {
      return e.getCause().getMessage();
    }
    Throwable cause = e.getCause();
    String message = cause instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getOriginalMessage();
    return JsonParseErrors.plain(message.replaceAll(" of (int|long) \\(-?\\d+ - \\d+\\)", " of a whole number"));
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) path.append(path.isEmpty() ? "" : ".").append(r.getFieldName());
      else if (r.getIndex() >= 0) path.append('[').append(r.getIndex()).append(']');
    }
    return path.toString();
  }

  private static String kind(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) return "a whole number";
    if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) return "a number";
    if (type == Boolean.class || type == boolean.class) return "true or false";
    if (type == String.class) return "a text";
    if (Collection.class.isAssignableFrom(type) || type.isArray()) return "a list";
    if (Map.class.isAssignableFrom(type) || type.isRecord()) return "a mapping";
    return "another kind of value";
  }
}
