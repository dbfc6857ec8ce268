package dev.apprentice.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.ProviderException;
import dev.apprentice.gateway.routing.Target;
import dev.apprentice.testing.FakeProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnansweredTest {

  @Test
  void everyCallWhoseDeadlinePassedSaysSoInTheSameWords() {
    String said = "model 'docs' did not answer within 1500 ms";

    assertThat(Unanswered.within("docs", Duration.ofMillis(1_500))).isEqualTo(said);
    assertThat(RouteFailures.timeout("docs", Duration.ofMillis(1_500), List.of()).getMessage())
        .isEqualTo(said + "; attempts: ");
    assertThat(LocalWait.timedOut("docs", Duration.ofMillis(1_500), "retrieval from collection 'kb'").getMessage())
        .isEqualTo(said + ": retrieval from collection 'kb' did not finish in that time (it waited for the local"
            + " embedding model); nothing was sent upstream");
  }

  @Test
  void aStreamWhoseDeadlinePassedWhileItsOpeningWasHeldAnswersThe504OfAnyCallWhoseDeadlinePassedWithItsAttempts() {
    try (FakeProvider openai = new FakeProvider("openai")) {
      Target target = TestRoutes.target(openai, "gpt-4o");
      long startedTwoSecondsAgo = System.nanoTime() - Duration.ofSeconds(2).toNanos();
      Call call = new Call("tr_1", TestRoutes.route("docs", target).timeout(Duration.ofMillis(1_500)).build(),
          startedTwoSecondsAgo, Map.of());
      call.recordAttempt(new Attempt(target, null, 200, null, 1_000_000), TestRoutes.streamingRequest("docs"));
      ProviderException stalled = new ProviderException(ProviderException.Kind.TIMEOUT, 0, "no text in time");
      call.answerBrokeOff(stalled);

      GatewayException answered = StreamBreak.beforeAnswer(call, stalled);

      assertThat(answered.code()).isEqualTo(ErrorCode.UPSTREAM_TIMEOUT);
      assertThat(answered.getMessage())
          .isEqualTo(RouteFailures.timeout("docs", Duration.ofMillis(1_500), call.attempts()).getMessage())
          .isEqualTo("model 'docs' did not answer within 1500 ms; attempts: openai/gpt-4o: TIMEOUT no text in time");
    }
  }
}
