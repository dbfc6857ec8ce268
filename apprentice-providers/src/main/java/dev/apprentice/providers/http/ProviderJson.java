package dev.apprentice.providers.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import dev.apprentice.api.WireJson;

/**
 * The JSON mapper providers share: lenient on input (upstreams add fields); on output no null properties, but nulls
 * inside maps kept ({@link WireJson}).
 */
public final class ProviderJson {

  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .defaultPropertyInclusion(WireJson.INCLUSION)
      .addModule(new BlackbirdModule())
      .build();

  private ProviderJson() {}
}
