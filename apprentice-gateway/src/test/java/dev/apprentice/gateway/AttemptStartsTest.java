package dev.apprentice.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.api.trace.AttemptRecord;
import dev.apprentice.gateway.routing.Target;
import dev.apprentice.testing.FakeProvider;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Each attempt's trace says when it began, after its call's start, so that waits show where they fell. */
class AttemptStartsTest {

  private static final long CALL_START = 5_000_000_000L;

  @AutoClose
  private final FakeProvider provider = new FakeProvider("p");
  private final Target target = new Target(provider, "gpt-4o", 1);

  @Test
  void anAttemptsRecordSaysHowLongAfterTheCallsStartItBegan() {
    Attempt limited = Attempt.failed(target, new ProviderException(Kind.RATE_LIMITED, 429, "slow down"),
        CALL_START + 40_000_000, 100_000_000, 0);
    Attempt answered = Attempt.answered(target, 200, CALL_START + 1_140_500_000, 300_000_000);

    List<AttemptRecord> records = Attempt.records(List.of(limited, answered), List.of(), CALL_START);

    assertThat(records).extracting(AttemptRecord::startedMs).containsExactly(40.0, 1_140.5);
    assertThat(records).extracting(AttemptRecord::latencyMs).containsExactly(100.0, 300.0);
  }

  @Test
  void anAttemptThatBrokeOffKeepsWhenItBegan() {
    Attempt answered = Attempt.answered(target, 200, CALL_START + 2_000_000, 1_000_000);

    Attempt broken = answered.brokeOff(new ProviderException(Kind.CONNECTION, 0, "reset"));

    assertThat(Attempt.records(List.of(broken), List.of(), CALL_START).getFirst().startedMs()).isEqualTo(2.0);
  }

  @Test
  void anAttemptWhoseStartIsNotKnownSaysNone() {
    Attempt untimed = new Attempt(target, null, 200, null, 1_000_000);

    assertThat(Attempt.records(List.of(untimed), List.of(), CALL_START).getFirst().startedMs()).isNull();
  }
}
