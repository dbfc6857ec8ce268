package dev.apprentice.gateway.accounting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import dev.apprentice.api.WireJson;

/**
 * Serialises captured requests and answers for traces as they went on the wire (nulls inside maps kept, see
 * {@link WireJson}); a body that cannot be written is noted, not thrown.
 */
final class TraceJson {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .defaultPropertyInclusion(WireJson.INCLUSION)
      .addModule(new BlackbirdModule())
      .build();

  private TraceJson() {}

  static String write(Object body) {
    if (body == null) return null;
    try {
      return MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      return "{\"capture_error\":\"" + e.getClass().getSimpleName() + "\"}";
    }
  }
}
