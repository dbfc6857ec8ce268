package dev.apprentice.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;

/** One part of a multi-part message: {@code text}, {@code image_url}, or anything else (kept in extra). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContentPart(
    String type,
    String text,
    @JsonProperty("image_url") ImageUrl imageUrl,
    @JsonIgnore Map<String, Object> extra) {

  public ContentPart {
    extra = extra == null ? new LinkedHashMap<>() : extra;
  }

  /** Jackson's creator, as {@link Message}'s (not the canonical constructor: see there). */
  @JsonCreator
  private static ContentPart fromJson(
      @JsonProperty("type") String type,
      @JsonProperty("text") String text,
      @JsonProperty("image_url") ImageUrl imageUrl) {
    return new ContentPart(type, text, imageUrl, null);
  }

  @JsonAnySetter
  private void unknownField(String field, Object value) {
    extra.put(field, value);
  }

  @JsonAnyGetter
  private Map<String, Object> unknownFields() {
    return extra;
  }

  static ContentPart fromMap(Map<?, ?> map) {
    Map<String, Object> extra = new LinkedHashMap<>();
    map.forEach((k, v) -> extra.put(String.valueOf(k), v));
    Object type = extra.remove("type");
    Object text = extra.remove("text");
    ImageUrl image = null;
    if (extra.get("image_url") instanceof Map<?, ?> img) {
      extra.remove("image_url");
      image = new ImageUrl(stringOrNull(img.get("url")), stringOrNull(img.get("detail")));
    } else if (extra.get("image_url") instanceof String url) {
      extra.remove("image_url");
      image = new ImageUrl(url, null);
    }
    if (type != null && !(type instanceof String)) throw new IllegalArgumentException("part type must be a string");
    if (text != null && !(text instanceof String)) throw new IllegalArgumentException("part text must be a string");
    return new ContentPart((String) type, (String) text, image, extra);
  }

  private static String stringOrNull(Object value) {
    return value == null ? null : String.valueOf(value);
  }

  public static ContentPart text(String text) {
    return new ContentPart("text", text, null, null);
  }

  public static ContentPart image(String url) {
    return new ContentPart("image_url", null, new ImageUrl(url, null), null);
  }

  /** An image reference: an http(s) URL or a {@code data:<media type>;base64,<data>} URL. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ImageUrl(String url, String detail) {}
}
