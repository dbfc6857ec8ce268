package dev.apprentice.server.http;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

/**
 * Answers errors the HTTP layer detects before any handler runs (unparseable HTTP, a body over the size limit) in
 * the same OpenAI error shape as every other error.
 *
 * <p>Helidon reaches a direct handler two ways. Reading a request (its line, headers, framing) calls the variant with
 * a message; there an "internal error" is a request Helidon could not read — a method with a control character, a
 * connection cut before its headers ended — which is the client's doing: a 400, and no 500 that would have Helidon log
 * a stack trace for every such connection (a scan of the port wrote tens of thousands of lines). Those are logged as
 * one line at most once a minute ({@link UnreadRequests}). A failure inside routing comes with its exception: that
 * one is the server's own, a 500 that Helidon logs whole.
 */
public final class TransportErrors implements DirectHandler {

  private static final String TOO_LARGE = "the request body is larger than the configured limit";

  private final UnreadRequests unread = new UnreadRequests();
  private final CallRefusals refusals;

  /** @param refusals counts and traces a model call whose declared body is over the limit, as a handler would */
  public TransportErrors(CallRefusals refusals) {
    this.refusals = refusals;
  }

  /** A failure Helidon caught inside routing, with its exception. */
  @Override
  public TransportResponse handle(TransportRequest request, EventType event, Status status,
      ServerResponseHeaders headers, Throwable thrown) {
    return answer(event, status, headers, thrown.getMessage(), false);
  }

  /** A failure while Helidon read the request, before any route ran. */
  @Override
  public TransportResponse handle(TransportRequest request, EventType event, Status status,
      ServerResponseHeaders headers, String message) {
    boolean unreadable = event == EventType.INTERNAL_ERROR;
    if (unreadable) unread.count();
    if (tooLarge(event, status)) {
      // a body whose Content-Length is over the limit, refused before routing (and unread): a model call's refusal is
      // counted and traced as the handler's own 413 for a chunked body is
      String traceId = refusals.refused(request.method(), request.path(), request.headers(),
          new GatewayException(ErrorCode.REQUEST_TOO_LARGE, TOO_LARGE), true);
      if (traceId != null) headers.set(ApprenticeHeaders.TRACE_ID, traceId);
    }
    return answer(event, status, headers, message, unreadable);
  }

  private static boolean tooLarge(EventType event, Status status) {
    return event == EventType.PAYLOAD_TOO_LARGE || status.code() == 413;
  }

  private static TransportResponse answer(EventType event, Status status, ServerResponseHeaders headers,
      String message, boolean unreadable) {
    boolean tooLarge = tooLarge(event, status);
    ErrorCode code = tooLarge ? ErrorCode.REQUEST_TOO_LARGE : unreadable ? ErrorCode.INVALID_REQUEST : switch (event) {
      case BAD_REQUEST, HTTP_VERSION_NOT_SUPPORTED -> ErrorCode.INVALID_REQUEST;
      default -> status.code() >= 500 ? ErrorCode.INTERNAL : ErrorCode.INVALID_REQUEST;
    };
    String text = tooLarge ? TOO_LARGE
        : unreadable ? "malformed HTTP request: it could not be read"
        : switch (event) {
          case BAD_REQUEST -> "malformed HTTP request"
              + (message == null || message.isBlank() ? "" : ": " + clip(message));
          default -> code == ErrorCode.INTERNAL ? "internal error"
              : clip(message == null ? status.reasonPhrase() : message);
        };
    return TransportResponse.builder()
        .status(Status.create(code.status()))
        .headers(headers)
        .header(HeaderNames.CONTENT_TYPE, "application/json")
        .keepAlive(!unreadable && event.keepAlive())
        .entity(ErrorResponses.body(code, text, null))
        .build();
  }

  private static String clip(String s) {
    return s.length() > 200 ? s.substring(0, 200) : s;
  }
}
