package dev.apprentice.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.eval.run.ItemResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hint for a variant whose every request the gateway refused as invalid quotes the gateway's message whole; the
 * one for a variant a rate limit refused says what to lower, not that the setup is wrong.
 */
class SetupHintTest {

  private static ItemResult refused(String code, String message) {
    return new ItemResult("ev-1", "large", 0, "", Map.of(), 0, 0, 0, 0, 0, 0, null,
        ItemResult.callError(code, message, 400), 400);
  }

  @Test
  void aMessageThatStartsWithAParameterNameAndAColonIsQuotedWithIt() {
    ItemResult inProcess = refused(null, "max_tokens: 100000 > 64000, which is the maximum allowed");

    assertThat(SetupHint.refused("large", inProcess.errorMessage(), SetupHint.Route.IN_PROCESS))
        .contains("the gateway refused the request itself (HTTP 400: \"max_tokens: 100000 > 64000, which is the"
            + " maximum allowed\")");
  }

  @Test
  void theCodeBeforeTheMessageIsLeftOutAndNothingElse() {
    ItemResult overHttp = refused("http_400", "mistral: 'stop' must be a string or an array of strings");

    assertThat(SetupHint.refused("large", overHttp.errorMessage(), SetupHint.Route.URL))
        .contains("the server at --url refused the request itself (HTTP 400: \"mistral: 'stop' must be a string or an"
            + " array of strings\")");
  }

  @Test
  void aVariantEveryCallOfWhichARateLimitRefusedIsToldToAskLessAtOnceNotToCheckTheSetup() {
    String hint = SetupHint.rateLimit("large", SetupHint.Route.URL);

    assertThat(hint).startsWith("the gateway kept refusing the calls of variant large for a rate limit of the key the"
        + " run calls as (--api-key or $APPRENTICE_API_KEY) or its tenant on the server, even after waiting as long as it"
        + " asked").contains("lower the suite's concurrency to at most the key's max_concurrent")
        .doesNotContain("setup is likely wrong");
  }
}
