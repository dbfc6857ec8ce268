package dev.apprentice.eval.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a failed item's error says: which refusal it was, and the gateway's message exactly as it said it. */
class ItemResultTest {

  private static ItemResult failed(String code, String message, int status) {
    return new ItemResult("ev-1", "large", 0, "", Map.of(), 0, 0, 0, 0, 0, 0, null,
        ItemResult.callError(code, message, status), status);
  }

  @Test
  void aRequestOverTheWholeBudgetIsARefusalForTheBudgetNotARequestRefusedAsInvalid() {
    ItemResult overBudget = failed("request_over_budget", "one call may cost $0.50, more than the budget", 400);

    assertThat(overBudget.requestRefused()).isFalse();
    assertThat(overBudget.refusedForBudget()).isTrue();
    assertThat(overBudget.refusedByLimits()).isTrue();
  }

  @Test
  void aRateLimitsRefusalIsARefusalByLimitsButNotForABudget() {
    ItemResult limited = failed("rate_limit_exceeded", "Too many calls at once: key k1", 429);

    assertThat(limited.refusedByLimits()).isTrue();
    assertThat(limited.refusedForBudget()).isFalse();
    assertThat(limited.requestRefused()).isFalse();
  }

  @Test
  void anInvalidRequestIsARequestRefusedAndNoRefusalByLimits() {
    ItemResult invalid = failed(null, "'stop' must be a string or an array of strings", 400);

    assertThat(invalid.requestRefused()).isTrue();
    assertThat(invalid.refusedByLimits()).isFalse();
    assertThat(failed("upstream_error", "the provider answered 500", 502).refusedByLimits()).isFalse();
  }

  @Test
  void theGatewaysMessageComesBackWholeWhenItStartsWithAWordAndAColon() {
    String message = "max_tokens: 100000 > 64000, which is the maximum allowed for claude";

    assertThat(failed(null, message, 400).errorMessage()).as("in process: the gateway's 400 has no code")
        .isEqualTo(message);
    assertThat(failed("http_400", message, 400).errorMessage()).as("over HTTP").isEqualTo(message);
    assertThat(failed("odd: code", message, 400).errorMessage()).isEqualTo(message);
    assertThat(failed("budget_exceeded", "llama3: the daily budget is spent", 429).errorMessage())
        .isEqualTo("llama3: the daily budget is spent");
  }

  @Test
  void anErrorWithoutAnErrorAnswerIsItsOwnMessage() {
    ItemResult transport = failed("transport", "cannot reach http://127.0.0.1:1: connection refused", 0);

    assertThat(transport.error()).isEqualTo("transport: cannot reach http://127.0.0.1:1: connection refused");
    assertThat(transport.errorMessage()).isEqualTo(transport.error());
    assertThat(failed(null, "x", 0).errorMessage()).isEqualTo("x");
  }
}
