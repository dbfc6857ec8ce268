package dev.apprentice.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.WireJson;

/**
 * The server's JSON mapper. Strict about types on input (a string where a number belongs is a 400 naming the
 * field, never a silent coercion), lenient about unknown fields (they are passed through).
 */
public final class ServerJson {

  /** For the gateway's own bodies (admin API, errors, info): null values are left out, in maps too. */
  public static final ObjectMapper MAPPER = builder().serializationInclusion(JsonInclude.Include.NON_NULL).build();

  /**
   * For OpenAI wire bodies (answers, chunks, requests the gateway rewrites): null properties of the gateway's types are
   * left out, but a null inside a map is the client's or upstream's value (a schema's {@code "const": null}, a
   * parameter's {@code "default": null}, a filter result) and is written as it came. A chat completion's message always
   * carries {@code content} and {@code refusal} ({@link AnswerMessageSerializer}).
   */
  public static final ObjectMapper WIRE = builder().defaultPropertyInclusion(WireJson.INCLUSION)
      .addMixIn(ChatResponse.Choice.class, AnswerMessageSerializer.ChoiceMixin.class)
      .build();

  private static JsonMapper.Builder builder() {
    return JsonMapper.builder()
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
        .withCoercionConfig(LogicalType.Textual, strict -> {
          strict.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
          strict.setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
          strict.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        })
        .addModule(new BlackbirdModule());
  }

  private ServerJson() {}
}
