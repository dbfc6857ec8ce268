package dev.apprentice.cli.eval;

/**
 * What to check when every item call of a run's pilot failed: the same failure on every call is the setup's (where
 * the calls go, who they are made as, which models they name), not the items'.
 */
final class SetupHint {

  private SetupHint() {}

  /** @param remote whether the run called a server at {@code --url} rather than the in-process gateway */
  static String of(boolean remote) {
    return remote
        ? "every pilot call failed, so the setup is likely wrong: check --url (the server, e.g. http://127.0.0.1:8080),"
            + " the key (--api-key or $APPRENTICE_API_KEY) and that the server has the variants' models"
        : "every pilot call failed, so the setup is likely wrong: check the config's providers (api_key, base_url)"
            + " and the key or tenant the run calls as (--api-key, --tenant)";
  }
}
