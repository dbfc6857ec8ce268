package dev.apprentice.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apprentice.api.Message;
import dev.apprentice.api.retrieval.LeftOutChunk;
import dev.apprentice.api.retrieval.RetrievedChunk;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.api.trace.SkippedTarget;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text columns: tags, metadata, key models, retrieved chunks (and those left out), guardrail verdicts, skipped
 * targets, prompt messages and dataset values.
 */
final class Json {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {};
  private static final TypeReference<List<RetrievedChunk>> CHUNKS = new TypeReference<>() {};
  private static final TypeReference<List<LeftOutChunk>> LEFT_OUT = new TypeReference<>() {};
  private static final TypeReference<List<Message>> MESSAGES = new TypeReference<>() {};
  private static final TypeReference<List<GuardVerdict>> VERDICTS = new TypeReference<>() {};
  private static final TypeReference<List<SkippedTarget>> SKIPPED = new TypeReference<>() {};

  private Json() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
    }
  }

  static String strings(Collection<String> values) {
    return write(values);
  }

  static List<String> strings(String json) {
    return list(json, STRINGS, "stored JSON array is");
  }

  /** A JSON object; top-level nulls are dropped (a trace's metadata map holds no null values). */
  static Map<String, Object> object(String json) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    try {
      Map<String, Object> map = MAPPER.readValue(json, OBJECT);
      map.values().removeIf(v -> v == null);
      return map;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON object is unreadable: " + e.getOriginalMessage(), e);
    }
  }

  /** Retrieved chunks; an empty list for null. */
  static List<RetrievedChunk> chunks(String json) {
    return list(json, CHUNKS, "stored retrieved chunks are");
  }

  /** Chunks a search left out of the prompt; an empty list for null. */
  static List<LeftOutChunk> leftOut(String json) {
    return list(json, LEFT_OUT, "stored left-out chunks are");
  }

  /** Chat messages, as a request holds them. */
  static List<Message> messages(String json) {
    try {
      return MAPPER.readValue(json, MESSAGES);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored messages are unreadable: " + e.getOriginalMessage(), e);
    }
  }

  /** The list a JSON array column holds; an empty list for null. {@code unreadable}: what a failure says it is. */
  private static <T> List<T> list(String json, TypeReference<List<T>> type, String unreadable) {
    if (json == null || json.isBlank()) {
      return List.of();
    }
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(unreadable + " unreadable: " + e.getOriginalMessage(), e);
    }
  }

  /** Any JSON value as plain Java (String, Number, Boolean, List, Map); null for SQL NULL. */
  static Object value(String json) {
    if (json == null) {
      return null;
    }
    try {
      return MAPPER.readValue(json, Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is unreadable: " + e.getOriginalMessage(), e);
    }
  }

  /** Guardrail verdicts; an empty list for null. */
  static List<GuardVerdict> verdicts(String json) {
    return list(json, VERDICTS, "stored guardrail verdicts are");
  }

  /** Targets a call passed over; an empty list for null. */
  static List<SkippedTarget> skipped(String json) {
    return list(json, SKIPPED, "stored skipped targets are");
  }
}
