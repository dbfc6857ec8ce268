package dev.apprentice.server.access;

import dev.apprentice.api.GatewayException;
import dev.apprentice.server.http.CallRefusals;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import java.util.List;

/**
 * A request with more than one {@code Authorization} header is a 400: which credentials it means is ambiguous, and
 * the routes read the first one, so a good key followed by a bad one (or the reverse) must not be served as either.
 * Checked once for every route, ahead of them, so that no route can read the header otherwise.
 */
public final class SingleAuthorization {

  private SingleAuthorization() {}

  /** Register ahead of the routes; a model call refused so is counted and traced ({@link CallRefusals}). */
  public static void gate(HttpRules rules, CallRefusals refusals) {
    rules.any((req, res) -> {
      int count = req.headers().contains(HeaderNames.AUTHORIZATION)
          ? req.headers().all(HeaderNames.AUTHORIZATION, List::of).size() : 0;
      if (count <= 1) {
        res.next();
        return;
      }
      // traced as unauthenticated: which of the keys is the caller is the very question
      refusals.send(req, res, GatewayException.invalid(null, "the request has " + count
          + " Authorization headers; send exactly one ('Authorization: Bearer <key>')"), false);
    });
  }
}
