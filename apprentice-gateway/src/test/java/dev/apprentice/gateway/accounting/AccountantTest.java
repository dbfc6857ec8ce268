package dev.apprentice.gateway.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Message;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.CallEnd;
import dev.apprentice.gateway.config.PriceSettings;
import dev.apprentice.gateway.cost.PriceTable;
import dev.apprentice.gateway.cost.Pricing;
import dev.apprentice.gateway.cost.TokenEstimator;
import dev.apprentice.gateway.resilience.Breakers;
import dev.apprentice.gateway.routing.FallbackRouter;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.gateway.routing.Target;
import dev.apprentice.testing.FakeProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccountantTest {

  private final FakeProvider openai = new FakeProvider("openai");
  private final List<TraceRecord> traces = new CopyOnWriteArrayList<>();
  private final List<CallEnd> ends = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    openai.close();
  }

  private Call servedCall() {
    Target target = new Target(openai, "gpt-4o", 1);
    ModelRoute route = new ModelRoute("smart", new FallbackRouter(), List.of(target), 0, Duration.ofSeconds(5),
        Duration.ofSeconds(5), Duration.ofMillis(1), new Breakers.Policy(50, 1_000, Duration.ofSeconds(30)));
    Call call = new Call("tr_1", route, System.nanoTime(), Map.of());
    call.servedBy(target);
    call.onEnd(ends::add);
    return call;
  }

  private Accountant accountant() {
    return new Accountant(
        new Pricing(PriceTable.builtIn(), Map.of("smart", new PriceSettings(2.0, 10.0, null, null, null))),
        new TokenEstimator(), model -> Capture.METADATA_ONLY, traces::add);
  }

  private static ChatRequest request() {
    return ChatRequest.builder().model("smart").messages(List.of(Message.user("hello"))).build();
  }

  /** Served without usage, so the answer's text is read to estimate its tokens: and reading it fails. */
  private static Ending failingToRead(Throwable defect) {
    return new Ending(200, null, null, null, "gpt-4o", null, () -> {
      if (defect instanceof Error error) throw error;
      throw (RuntimeException) defect;
    }, () -> null, 0, 0);
  }

  @Test
  void aCallWhoseTokensCannotBeWorkedOutStillEndsUnchargedSoItsReservationsAreGivenBack() {
    Call call = servedCall();

    accountant().finish(call, request(), failingToRead(new IllegalStateException("a defect assembling the answer")));

    assertThat(ends).singleElement().satisfies(end -> {
      assertThat(end.status()).isEqualTo(200);
      assertThat(end.costUsd()).isZero();
      assertThat(end.usageEstimated()).isTrue();
    });
    assertThat(traces).singleElement().satisfies(trace -> assertThat(trace.costUsd()).isZero());
  }

  @Test
  void aCallWhoseChargeFailsWithAnErrorGivesItsReservationsBackBeforeTheErrorGoesOnUp() {
    Call call = servedCall();

    assertThatThrownBy(() -> accountant().finish(call, request(),
        failingToRead(new StackOverflowError("a tokenizer recursed too deep"))))
        .isInstanceOf(StackOverflowError.class);

    assertThat(ends).singleElement().satisfies(end -> assertThat(end.costUsd()).isZero());
  }
}
