package dev.apprentice.server.http;

import dev.apprentice.gateway.TraceParent;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.http.ServerRequest;
import java.util.HashMap;
import java.util.Map;

/**
 * The request headers the gateway's steps and traces read, under lower-case names: the trace tags
 * ({@code x-apprentice-tags}), {@code Cache-Control} ({@code no-cache} skips the cache lookup, {@code no-store} keeps
 * the answer out of it) and the caller's W3C {@code traceparent} (the call's span joins the caller's trace).
 */
final class CallHeaders {

  private static final HeaderName TAGS = HeaderNames.create(ApprenticeHeaders.TAGS);
  private static final HeaderName TRACEPARENT = HeaderNames.create(TraceParent.HEADER);

  private CallHeaders() {}

  static Map<String, String> of(ServerRequest req) {
    return of(req.headers());
  }

  static Map<String, String> of(Headers requestHeaders) {
    String tags = requestHeaders.first(TAGS).orElse(null);
    String cacheControl = requestHeaders.first(HeaderNames.CACHE_CONTROL).orElse(null);
    String traceparent = requestHeaders.first(TRACEPARENT).orElse(null);
    if (tags == null && cacheControl == null && traceparent == null) return Map.of();
    Map<String, String> headers = new HashMap<>(4);
    if (tags != null) headers.put(ApprenticeHeaders.TAGS, tags);
    if (cacheControl != null) headers.put("cache-control", cacheControl);
    if (traceparent != null) headers.put(TraceParent.HEADER, traceparent);
    return headers;
  }
}
