package dev.apprentice.server.http;

import dev.apprentice.gateway.Call;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.util.Locale;

/** The {@code x-apprentice-*} response headers of a model call (PRODUCT.md §3). */
final class ApprenticeHeaders {

  static final HeaderName TRACE_ID = HeaderNames.create("x-apprentice-trace-id");
  static final HeaderName SERVED_BY = HeaderNames.create("x-apprentice-served-by");
  static final HeaderName ATTEMPTS = HeaderNames.create("x-apprentice-attempts");
  static final HeaderName CACHE = HeaderNames.create("x-apprentice-cache");
  static final HeaderName CACHE_SIMILARITY = HeaderNames.create("x-apprentice-cache-similarity");
  static final HeaderName OVERHEAD = HeaderNames.create("x-apprentice-overhead-ms");
  /** What the call cost in USD, on complete (non-streamed) answers: an evaluation over HTTP reads it. */
  static final HeaderName COST = HeaderNames.create("x-apprentice-cost-usd");
  /** Request header: comma-separated tags recorded with the call's trace. */
  static final String TAGS = "x-apprentice-tags";

  private ApprenticeHeaders() {}

  /** Sets the call's headers; returns the overhead in nanoseconds that the header reports. */
  static long apply(ServerResponse response, Call call) {
    long overhead = call.overheadNanos(System.nanoTime());
    if (call.servedBy() != null) response.header(SERVED_BY, call.servedBy());
    response.header(ATTEMPTS, String.valueOf(call.attempts().size()));
    response.header(CACHE, call.cacheStatus());
    if (call.cacheSimilarity() != null) {
      response.header(CACHE_SIMILARITY, String.format(Locale.ROOT, "%.4f", call.cacheSimilarity()));
    }
    response.header(OVERHEAD, String.format(Locale.ROOT, "%.3f", overhead / 1_000_000.0));
    if (call.ended() != null) response.header(COST, String.format(Locale.ROOT, "%.10f", call.ended().costUsd()));
    return overhead;
  }
}
