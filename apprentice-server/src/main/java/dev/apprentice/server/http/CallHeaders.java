package dev.apprentice.server.http;

import dev.apprentice.gateway.TraceParent;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.http.ServerRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The request headers the gateway's steps and traces read, under lower-case names: the trace tags
 * ({@code x-apprentice-tags}), {@code Cache-Control} ({@code no-cache} skips the cache lookup, {@code no-store} keeps
 * the answer out of it) and the caller's W3C {@code traceparent} (the call's span joins the caller's trace). Tags sent
 * on more than one header line are one list, as HTTP reads a repeated list header.
 */
final class CallHeaders {

  private static final HeaderName TAGS = HeaderNames.create(ApprenticeHeaders.TAGS);
  private static final HeaderName TRACEPARENT = HeaderNames.create(TraceParent.HEADER);

  private CallHeaders() {}

  static Map<String, String> of(ServerRequest req) {
    return of(req.headers());
  }

  static Map<String, String> of(Headers requestHeaders) {
    String tags = tags(requestHeaders);
    String cacheControl = requestHeaders.first(HeaderNames.CACHE_CONTROL).orElse(null);
    String traceparent = requestHeaders.first(TRACEPARENT).orElse(null);
    if (tags == null && cacheControl == null && traceparent == null) return Map.of();
    Map<String, String> headers = new HashMap<>(4);
    if (tags != null) headers.put(ApprenticeHeaders.TAGS, tags);
    if (cacheControl != null) headers.put("cache-control", cacheControl);
    if (traceparent != null) headers.put(TraceParent.HEADER, traceparent);
    return headers;
  }

  /** The {@code x-apprentice-tags} header lines joined with commas, or null when there is none. */
  static String tags(Headers requestHeaders) {
    if (!requestHeaders.contains(TAGS)) return null;
    List<String> lines = requestHeaders.all(TAGS, List::of);
    return lines.isEmpty() ? null : String.join(",", lines);
  }
}
