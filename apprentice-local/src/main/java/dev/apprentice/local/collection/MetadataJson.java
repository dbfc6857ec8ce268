package dev.apprentice.local.collection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** A document's metadata object as the JSON text stored with each of its chunks. */
final class MetadataJson {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private MetadataJson() {}

  static String write(Map<String, Object> metadata, String param) {
    if (metadata == null) return null;
    try {
      return JSON.writeValueAsString(metadata);
    } catch (JsonProcessingException e) {
      throw CollectionException.invalid(param, "metadata must be a JSON object: " + e.getOriginalMessage());
    }
  }

  static Map<String, Object> read(String json) {
    if (json == null) return null;
    try {
      return JSON.readValue(json, OBJECT);
    } catch (JsonProcessingException e) {
      return Map.of("raw", json);
    }
  }
}
