package dev.apprentice.server.admin;

import dev.apprentice.api.GatewayException;
import dev.apprentice.gateway.config.Suggestions;
import io.helidon.common.uri.UriQuery;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters an admin route takes, checked before it runs: one it does not take, or one given twice, is a
 * 400 naming it. Ignoring them did harm: {@code /admin/costs?by=tenant} answered grouped by model as if asked, and
 * {@code DELETE /admin/traces?before=1h&before=2h} deleted by the first of the two.
 */
final class AdminQuery {

  private AdminQuery() {}

  /** Throws 400 {@code invalid_request_error} naming the first parameter (by name) not in {@code takes} or repeated. */
  static void check(UriQuery query, Set<String> takes) {
    check(query, takes, Set.of());
  }

  /**
   * As {@link #check(UriQuery, Set)}, but the parameters in {@code repeatable} (a list, such as the tags to leave out)
   * may be given more than once.
   */
  static void check(UriQuery query, Set<String> takes, Set<String> repeatable) {
    for (String name : new TreeSet<>(query.names())) {
      if (!takes.contains(name)) {
        String hint = Suggestions.closest(name, takes).map(s -> "did you mean '" + s + "'? ").orElse("");
        String known = takes.isEmpty() ? "this route takes none" : "this route takes " + String.join(", ",
            new TreeSet<>(takes));
        throw GatewayException.invalid(name, "unknown query parameter '" + name + "' (" + hint + known + ")");
      }
      int given = query.all(name).size();
      if (given > 1 && !repeatable.contains(name)) {
        throw GatewayException.invalid(name, "query parameter '" + name + "' is given " + given + " times; give it"
            + " once");
      }
    }
  }
}
