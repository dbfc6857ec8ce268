package dev.apprentice.cli.eval;

/**
 * What to check when every item call of a variant failed (in the run's pilot, or in a whole run without one), or every
 * call of its LLM judge: the same failure on every call is the setup's (where the calls go, who they are made as,
 * which models they name), not the items'.
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
    String check = "every judge call of metric " + metric + " on the pilot items failed, so the setup is likely"
        + " wrong: check the judge's model (its settings.model)";
    return remote
        ? check + ": that the server has it and the key (--api-key or $APPRENTICE_API_KEY) may call it"
        : check + ", the config's provider of it (api_key, base_url) and that the key or tenant the run calls as"
            + " (--api-key, --tenant) may call it";
  }
}
