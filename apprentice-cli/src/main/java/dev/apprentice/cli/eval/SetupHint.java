package dev.apprentice.cli.eval;

/**
 * What to check when every item call of a variant failed (in the run's pilot, or in a whole run without one), or every
 * call of its LLM judge: the same failure on every call is the setup's (where the calls go, who they are made as,
 * which models they name), not the items'. And what to do when the gateway refused every call of a variant for a
 * budget: nothing in the setup, but wait for the budget or raise it.
 */
final class SetupHint {

  private SetupHint() {}

  /**
   * @param variant the variant whose calls all failed
   * @param remote  whether the run called a server at {@code --url} rather than the in-process gateway
   */
  static String of(String variant, boolean remote) {
    String failed = "the calls of variant " + variant + " all failed, so the setup is likely wrong: ";
    return remote
        ? failed + "check --url (the server, e.g. http://127.0.0.1:8080), the key (--api-key or $APPRENTICE_API_KEY)"
            + " and that the server has the variants' models"
        : failed + "check the config's providers (api_key, base_url) and the key or tenant the run calls as"
            + " (--api-key, --tenant)";
  }

  /**
   * @param metric the judge metric's name in the suite
   * @param remote as for {@link #of}
   */
  static String judge(String metric, boolean remote) {
    String check = "every judge call of metric " + metric + " failed, so the setup is likely wrong: check the judge's"
        + " model (its settings.model)";
    return remote
        ? check + ": that the server has it and the key (--api-key or $APPRENTICE_API_KEY) may call it"
        : check + ", the config's provider of it (api_key, base_url) and that the key or tenant the run calls as"
            + " (--api-key, --tenant) may call it";
  }

  /**
   * @param variant the variant whose calls the gateway all refused for a budget ({@code budget_exceeded},
   *                {@code request_over_budget})
   * @param remote  as for {@link #of}
   */
  static String budget(String variant, boolean remote) {
    String who = remote ? "the key the run calls as (--api-key or $APPRENTICE_API_KEY) or its tenant on the server"
        : "the tenant or key the run calls as (--tenant, --api-key; the config's tenants: section)";
    return "the gateway refused every call of variant " + variant + " for the daily or monthly budget of " + who
        + ", not for the suite's budget_usd, so the setup is fine: wait until that budget resets or raise it (for"
        + " request_over_budget, one call's worst case is more than the whole budget: lower the variant's max_tokens)";
  }
}
