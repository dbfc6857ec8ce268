package dev.apprentice.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Message content: either plain text or a list of typed parts (text, image_url, ...), as OpenAI allows both.
 * Serialises back to the same shape it was read from.
 */
public record Content(String text, List<ContentPart> parts) {

  public static Content text(String text) {
    return new Content(text, null);
  }

  public static Content parts(List<ContentPart> parts) {
    return new Content(null, List.copyOf(parts));
  }

  /** Reads the JSON value: a string, or an array of part objects. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Content fromJson(Object json) {
    if (json instanceof String s) return text(s);
    if (json instanceof List<?> list) {
      List<ContentPart> parts = new ArrayList<>(list.size());
      for (Object item : list) {
        if (!(item instanceof Map<?, ?> map)) {
          throw new IllegalArgumentException("content parts must be objects");
        }
        parts.add(ContentPart.fromMap(map));
      }
      return new Content(null, List.copyOf(parts));
    }
    throw new IllegalArgumentException("content must be a string or an array of parts");
  }

  public boolean isText() {
    return parts == null;
  }

  @JsonValue
  public Object json() {
    return isText() ? text : parts;
  }

  /** All text in the content; non-text parts are left out. */
  public String asText() {
    if (isText()) return text == null ? "" : text;
    return parts.stream().filter(p -> p.text() != null).map(ContentPart::text).collect(Collectors.joining("\n"));
  }
}
