package dev.apprentice.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What the mappers that write wire bodies (requests, answers, chunks, and their cached and traced copies) share. */
public final class WireJson {

  /**
   * Null properties of Apprentice's records are left out (unset fields), but a null inside a map is the client's or
   * the upstream's own value (a schema's {@code "const": null}, a parameter's {@code "default": null}, a filter
   * result in an answer field the gateway does not read) and is written as it came. A mapper's plain
   * {@code serializationInclusion(NON_NULL)} would drop those too.
   */
  public static final JsonInclude.Value INCLUSION =
      JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS);

  private WireJson() {}
}
