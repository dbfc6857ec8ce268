package dev.apprentice.server.http;

import dev.apprentice.api.ChatResponse;
import dev.apprentice.gateway.Call;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
  /**
   * {@code true} on a complete answer (chat, Responses or embeddings) whose {@code usage} the gateway filled in with
   * the tokens it counted, since the upstream reported none; absent otherwise. A stream's headers leave before its end: its trace says it.
   */
  static final HeaderName USAGE_ESTIMATED = HeaderNames.create("x-apprentice-usage-estimated");
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
      response.header(CACHE_SIMILARITY, fixed(call.cacheSimilarity(), 4));
    }
    response.header(OVERHEAD, fixed(overhead / 1_000_000.0, 3));
    if (call.ended() != null) response.header(COST, fixed(call.ended().costUsd(), 10));
    return overhead;
  }

  /**
   * Says that {@code answer}'s usage is the gateway's count, not the upstream's report: it reported none and the call
   * was booked at tokens counted locally (a cache hit of such an answer books none, and says nothing).
   */
  static void usageEstimated(ServerResponse response, Call call, ChatResponse answer) {
    if (answer.usage() == null && call.ended() != null && call.ended().usageEstimated()) {
      response.header(USAGE_ESTIMATED, "true");
    }
  }

  /**
   * {@code value} with exactly {@code places} decimals, as {@code String.format("%.Nf")} writes it (both round the
   * shortest decimal form of the double half up) without a {@code Formatter} per header, which was a few percent
   * of what a call allocated.
   */
  static String fixed(double value, int places) {
    if (!Double.isFinite(value)) return String.format(Locale.ROOT, "%." + places + "f", value);
    return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).toPlainString();
  }
}
