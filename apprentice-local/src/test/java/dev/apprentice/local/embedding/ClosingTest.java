package dev.apprentice.local.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.Deadline;
import dev.apprentice.api.Embedder;
import dev.apprentice.api.Embedding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Closing the local models while loads and runs on their native memory are still going. */
class ClosingTest {

  @Test
  void closingWhileTheModelIsStillLoadingReturnsOnlyOnceTheLoadHasEndedAndFreedIt() throws Exception {
    LocalModels models = new LocalModels(ModelSource.classpath(), SharedModel.nativeDir(), EmbedderSettings.defaults());
    Embedder view = models.embedder();
    Thread closer = Thread.ofPlatform().unstarted(models::close);
    Thread.State closerWhileTheLoadWasHeld;
    synchronized (NativeLibraries.class) { // the load waits for this at its start, inside open()
      assertThatThrownBy(() -> view.ready(Deadline.in(Duration.ZERO))).hasMessageContaining("still loading");
      awaitLoadHeldAtItsStart();
      closer.start();
      closerWhileTheLoadWasHeld = awaitWaitingOrEnded(closer);
    }
    closer.join();

    assertThat(closerWhileTheLoadWasHeld).as("close waited for the load").isNotEqualTo(Thread.State.TERMINATED);
    assertThatThrownBy(() -> view.ready(Deadline.in(Duration.ZERO))).hasMessage("the local models are closed");
  }

  @Test
  void closingTheModelWhileManyCallsRunEndsEachCallWithItsVectorsOrAClearErrorAndNeverCrashes() throws Exception {
    for (int round = 0; round < 5; round++) {
      MiniLmEmbedder embedder = MiniLmEmbedder.open(ModelSource.classpath(), SharedModel.nativeDir(),
          EmbedderSettings.defaults());
      CountDownLatch running = new CountDownLatch(8);
      List<CompletableFuture<List<Embedding>>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(CompletableFuture.supplyAsync(() -> {
          running.countDown();
          List<Embedding> last = List.of();
          for (int n = 0; n < 50; n++) last = embedder.embed(List.of("Where is my card?", "Refund me, please."));
          return last;
        }, runnable -> Thread.ofPlatform().start(runnable)));
      }
      running.await();

      embedder.close();
      embedder.close();

      for (CompletableFuture<List<Embedding>> call : calls) {
        assertThat(call.handle((vectors, failure) -> failure == null ? vectors.size() : failure.getMessage()).get())
            .satisfiesAnyOf(
                answered -> assertThat(answered).isEqualTo(2),
                failed -> assertThat((String) failed).contains("closed"));
      }
      assertThatThrownBy(() -> embedder.embed(List.of("after"))).hasMessageContaining("closed");
    }
  }

  /** Waits until the load thread is blocked at its start, holding no native memory yet. */
  private static void awaitLoadHeldAtItsStart() {
    while (true) {
      for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
        if (thread.getKey().getState() == Thread.State.BLOCKED && List.of(thread.getValue()).stream()
            .anyMatch(frame -> frame.getMethodName().equals("useDirectory"))) {
          return;
        }
      }
      Thread.onSpinWait();
    }
  }

  private static Thread.State awaitWaitingOrEnded(Thread thread) {
    while (true) {
      Thread.State state = thread.getState();
      if (state == Thread.State.TIMED_WAITING || state == Thread.State.WAITING || state == Thread.State.TERMINATED) {
        return state;
      }
      Thread.onSpinWait();
    }
  }
}
