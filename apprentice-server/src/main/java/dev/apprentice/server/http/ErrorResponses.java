package dev.apprentice.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import com.fasterxml.jackson.annotation.JsonInclude;

/** The one place that turns errors into OpenAI's error shape: {@code {"error":{message,type,param,code}}}. */
public final class ErrorResponses {

  private ErrorResponses() {}

  public static void send(ServerResponse response, GatewayException e) {
    response.status(Status.create(e.code().status()));
    response.header(HeaderNames.CONTENT_TYPE, "application/json");
    if (e instanceof UnreadableBody) response.header(HeaderValues.CONNECTION_CLOSE); // the rest of the body is unread
    if (e.retryAfter() != null) {
      response.header(HeaderNames.RETRY_AFTER, String.valueOf(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)));
    }
    response.send(body(e.code(), e.getMessage(), e.param(), e.wireCode()));
  }

  /** The JSON bytes of an error, for a response body or an SSE error event. */
  public static byte[] body(ErrorCode code, String message, String param) {
    return body(code, message, param, code.code());
  }

  /** The JSON bytes of an error whose {@code code} field is {@code wireCode} (an upstream's own, or the table's). */
  static byte[] body(ErrorCode code, String message, String param, String wireCode) {
    try {
      return ServerJson.MAPPER.writeValueAsBytes(
          new Envelope(new Error(message == null ? code.type() : message, code.type(), param, wireCode)));
    } catch (JsonProcessingException impossible) {
      return ("{\"error\":{\"message\":\"internal error\",\"type\":\"internal_error\",\"param\":null,\"code\":\"internal_error\"}}")
          .getBytes(StandardCharsets.UTF_8);
    }
  }

  /** {@code {"error": {...}}}; {@code param} and {@code code} are written as null when absent, as OpenAI does. */
  record Envelope(Error error) {}

  @JsonInclude(JsonInclude.Include.ALWAYS)
  record Error(String message, String type, String param, String code) {}
}
