package dev.apprentice.gateway;

import java.time.Duration;

/**
 * How a call's 504 {@code upstream_timeout} begins, wherever its deadline passed (the upstream's tries, a wait on the
 * local embedding model, the local model's own {@code /v1/embeddings}): one wording for clients and their tests.
 */
public final class Unanswered {

  private Unanswered() {}

  /** {@code model 'X' did not answer within N ms}: {@code model} as the client named it, {@code timeout} its limit. */
  public static String within(String model, Duration timeout) {
    return "model '" + model + "' did not answer within " + timeout.toMillis() + " ms";
  }
}
