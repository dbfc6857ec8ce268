package dev.apprentice.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CancellationTest {

  @Test
  void aDepartureAskedForBeforeTheCancelCompletesWithIt() {
    Cancellation cancellation = new Cancellation();
    CompletableFuture<Void> departure = cancellation.departure().toCompletableFuture();

    assertThat(departure).isNotDone();
    cancellation.cancel();
    assertThat(departure).isCompleted();
  }

  @Test
  void aDepartureAskedForAfterTheCancelIsAlreadyComplete() {
    Cancellation cancellation = new Cancellation();
    cancellation.cancel();

    assertThat(cancellation.departure().toCompletableFuture()).isCompleted();
  }

  @Test
  void aCallNeverCancelledNeverDeparts() {
    Cancellation cancellation = new Cancellation();

    assertThat(cancellation.departure().toCompletableFuture()).isNotDone();
    assertThat(cancellation.departure()).as("one departure, however often asked").isSameAs(cancellation.departure());
  }
}
