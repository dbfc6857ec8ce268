package dev.apprentice.cli.eval;

/**
 * What to check when every item call of a variant failed (in the run's pilot, or in a whole run without one), or every
 * call of its LLM judge: the same failure on every call is the setup's (where the calls go, who they are made as,
 * which models they name), not the items', unless the gateway refused the request itself (HTTP 400: a variant's
 * parameter), which the variant must fix. And what to do when the gateway refused every call of a variant for a
 * budget (nothing in the setup, but wait for the budget or raise it) or for a rate limit (ask less of the key at once).
 */
final class SetupHint {

  private SetupHint() {}

  /** Where a run's calls went: the gateway in this process, the server at {@code --url}, or the server serving the
   * data directory (whose config applies, not the run's {@code --config}). */
  enum Route {
    IN_PROCESS, URL, BESIDE_SERVER;

    boolean remote() {
      return this != IN_PROCESS;
    }

    /** The server the calls went to, by name. */
    String named() {
      return this == URL ? "the server at --url"
          : "the server serving the data directory (its config, not --config, says which models there are)";
    }

    /** The server the calls went to, as a hint to check it names it. */
    String server() {
      return this == URL ? "--url (the server, e.g. http://127.0.0.1:8080)" : named();
    }
  }

  /**
   * @param variant the variant whose calls all failed
   * @param route   where the run's calls went
   */
  static String of(String variant, Route route) {
    String failed = "the calls of variant " + variant + " all failed, so the setup is likely wrong: ";
    return route.remote()
        ? failed + "check " + route.server() + ", the key (--api-key or $APPRENTICE_API_KEY)"
            + " and that the server has the variants' models"
        : failed + "check the config's providers (api_key, base_url) and the key or tenant the run calls as"
            + " (--api-key, --tenant)";
  }

  /**
   * @param variant the variant whose calls all failed, the first with HTTP 400: the request itself was refused, so
   *                where the calls went and who made them was fine, and the variant's request is what to fix
   * @param message that first failure's message as the gateway said it ({@link
   *                dev.apprentice.eval.run.ItemResult#errorMessage}), which the hint quotes whole
   * @param route   as for {@link #of}
   */
  static String refused(String variant, String message, Route route) {
    String who = route.remote() ? route.named() : "the gateway";
    return "the calls of variant " + variant + " all failed, and " + who + " refused the request itself (HTTP 400: \""
        + message + "\"): check the variant's parameters, and the suite's defaults, against that message";
  }

  /**
   * @param metric the judge metric's name in the suite
   * @param route  as for {@link #of}
   */
  static String judge(String metric, Route route) {
    String check = "every judge call of metric " + metric + " failed, so the setup is likely wrong: check the judge's"
        + " model (its settings.model)";
    return route.remote()
        ? check + ": that " + route.named() + " has it and the key (--api-key or $APPRENTICE_API_KEY) may call it"
        : check + ", the config's provider of it (api_key, base_url) and that the key or tenant the run calls as"
            + " (--api-key, --tenant) may call it";
  }

  /**
   * @param variant the variant whose calls the gateway all refused for a budget ({@code budget_exceeded},
   *                {@code request_over_budget})
   * @param route   as for {@link #of}
   */
  static String budget(String variant, Route route) {
    String who = route.remote() ? "the key the run calls as (--api-key or $APPRENTICE_API_KEY) or its tenant on the server"
        : "the tenant or key the run calls as (--tenant, --api-key; the config's tenants: section)";
    return "the gateway refused every call of variant " + variant + " for the daily or monthly budget of " + who
        + ", not for the suite's budget_usd, so the setup is fine: wait until that budget resets or raise it (for"
        + " request_over_budget, one call's worst case is more than the whole budget: lower the variant's max_tokens)";
  }

  /**
   * @param variant the variant whose calls the gateway refused for a rate limit ({@code rate_limit_exceeded}), all of
   *                them or too many in a row, each after the runner waited its {@code Retry-After} as often as it does
   * @param route   as for {@link #of}
   */
  static String rateLimit(String variant, Route route) {
    String who = route.remote() ? "the key the run calls as (--api-key or $APPRENTICE_API_KEY) or its tenant on the server"
        : "the tenant or key the run calls as (--tenant, --api-key; the config's tenants: section)";
    return "the gateway kept refusing the calls of variant " + variant + " for a rate limit of " + who + ", even after"
        + " waiting as long as it asked, so the run asks more at once than those limits allow: lower the suite's"
        + " concurrency to at most the key's max_concurrent, or raise its max_concurrent, RPM or TPM";
  }
}
