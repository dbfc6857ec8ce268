package dev.apprentice.eval.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A row's value as text: a string as it is, anything else (a number, a list, an object) as compact JSON. */
public final class FieldText {

  private static final ObjectMapper JSON = new ObjectMapper();

  private FieldText() {}

  public static String of(Object value) {
    if (value == null) return "";
    if (value instanceof String s) return s;
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }
}
