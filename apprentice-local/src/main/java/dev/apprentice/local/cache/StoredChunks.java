package dev.apprentice.local.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apprentice.api.retrieval.RetrievedChunk;
import java.util.List;

/**
 * The retrieved chunks an entry's answer was made from, as its stored field holds them: a JSON array of
 * {@link RetrievedChunk}s (collection, document and chunk ids, text, score).
 */
final class StoredChunks {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<RetrievedChunk>> CHUNKS = new TypeReference<>() {};

  private StoredChunks() {}

  static String write(List<RetrievedChunk> chunks) {
    try {
      return JSON.writeValueAsString(chunks);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("retrieved chunks cannot be written: " + e.getOriginalMessage(), e);
    }
  }

  /** The chunks of the field's value; null when it is not such an array (the entry is then unreadable). */
  static List<RetrievedChunk> read(String json) {
    try {
      List<RetrievedChunk> chunks = JSON.readValue(json, CHUNKS);
      if (chunks == null || chunks.contains(null)) return null;
      return List.copyOf(chunks);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
