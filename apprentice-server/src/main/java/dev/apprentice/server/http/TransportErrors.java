package dev.apprentice.server.http;

import dev.apprentice.api.ErrorCode;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

/**
 * Answers errors the HTTP layer detects before any handler runs (unparseable HTTP, a body over the size limit) in
 * the same OpenAI error shape as every other error.
 */
public final class TransportErrors implements DirectHandler {

  @Override
  public TransportResponse handle(TransportRequest request, EventType event, Status status,
      ServerResponseHeaders headers, String message) {
    boolean tooLarge = event == EventType.PAYLOAD_TOO_LARGE || status.code() == 413;
    ErrorCode code = tooLarge ? ErrorCode.REQUEST_TOO_LARGE : switch (event) {
      case BAD_REQUEST, HTTP_VERSION_NOT_SUPPORTED -> ErrorCode.INVALID_REQUEST;
      default -> status.code() >= 500 ? ErrorCode.INTERNAL : ErrorCode.INVALID_REQUEST;
    };
    String text = tooLarge ? "the request body is larger than the configured limit" : switch (event) {
      case BAD_REQUEST -> "malformed HTTP request" + (message == null || message.isBlank() ? "" : ": " + clip(message));
      default -> code == ErrorCode.INTERNAL ? "internal error" : clip(message == null ? status.reasonPhrase() : message);
    };
    return TransportResponse.builder()
        .status(Status.create(code.status()))
        .headers(headers)
        .header(HeaderNames.CONTENT_TYPE, "application/json")
        .keepAlive(event.keepAlive())
        .entity(ErrorResponses.body(code, text, null))
        .build();
  }

  private static String clip(String s) {
    return s.length() > 200 ? s.substring(0, 200) : s;
  }
}
