package dev.apprentice.server.admin;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.cache.CacheStats;
import dev.apprentice.api.cache.ResponseCache;
import dev.apprentice.server.access.Authenticator;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The response cache in the admin API: {@code GET /admin/cache} (entries and lookup counts since start; a 500 saying
 * why when the entries cannot be counted) and
 * {@code DELETE /admin/cache?tenant&model} (removes entries; an absent filter matches all).
 */
public final class CacheRoutes {

  private final ResponseCache cache;

  private CacheRoutes(ResponseCache cache) {
    this.cache = cache;
  }

  /** Registers the routes; {@code cache} is null when no model caches (the routes then say so). */
  public static void register(HttpRules rules, Authenticator auth, ResponseCache cache) {
    CacheRoutes routes = new CacheRoutes(cache);
    rules.get("/admin/cache", AdminRoutes.guarded(auth, routes::stats))
        .delete("/admin/cache", AdminRoutes.guarded(auth, Set.of("tenant", "model"), routes::clear));
  }

  private void stats(ServerRequest req, ServerResponse res) throws IOException {
    AdminRoutes.send(res, Status.OK_200, view(stats(cache())));
  }

  /**
   * The cache's stats. A cache whose entries cannot be counted (its index closed by a failure, unreadable) is answered
   * with its own words, never with a count of 0 that would say it is empty.
   */
  static CacheStats stats(ResponseCache cache) {
    return inItsOwnWords(cache::stats);
  }

  private void clear(ServerRequest req, ServerResponse res) throws IOException {
    String tenant = req.query().first("tenant").orElse(null);
    String model = req.query().first("model").orElse(null);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("object", "cache.cleared");
    body.put("tenant", tenant);
    body.put("model", model);
    body.put("removed", removed(cache(), tenant, model));
    AdminRoutes.send(res, Status.OK_200, body);
  }

  /**
   * How many entries clearing removed. A cache that cannot be cleared (its index closed by a failure until it is
   * opened again, damaged) is refused with its own words, which say what to do, rather than as a bare internal error.
   */
  static long removed(ResponseCache cache, String tenant, String model) {
    return inItsOwnWords(() -> cache.clear(tenant, model));
  }

  /** What {@code work} answers; its I/O failure as an internal error with the cache's words, which say what to do. */
  private static <T> T inItsOwnWords(Supplier<T> work) {
    try {
      return work.get();
    } catch (UncheckedIOException e) {
      throw new GatewayException(ErrorCode.INTERNAL, e.getMessage());
    }
  }

  private ResponseCache cache() {
    if (cache == null) {
      throw new GatewayException(ErrorCode.NOT_FOUND, "no model uses the response cache (every cache: mode is off)");
    }
    return cache;
  }

  /** The stats as the API shows them. */
  public static Map<String, Object> view(CacheStats stats) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("object", "cache");
    v.put("entries", stats.entries());
    v.put("exact_hits", stats.exactHits());
    v.put("semantic_hits", stats.semanticHits());
    v.put("misses", stats.misses());
    return v;
  }
}
