package dev.apprentice.providers.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;

/** The JSON mapper providers share: lenient on input (upstreams add fields), no null properties on output. */
public final class ProviderJson {

  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      // null properties are left out, but a null inside a map is the client's or upstream's value (a schema's
      // "const": null, a parameter's "default": null) and is written as it came
      .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS))
      .addModule(new BlackbirdModule())
      .build();

  private ProviderJson() {}
}
