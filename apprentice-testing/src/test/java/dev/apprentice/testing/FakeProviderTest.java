package dev.apprentice.testing;

import static dev.apprentice.testing.FakeProvider.fail;
import static dev.apprentice.testing.FakeProvider.hang;
import static dev.apprentice.testing.FakeProvider.reply;
import static dev.apprentice.testing.FakeProvider.streamFailAfter;
import static dev.apprentice.testing.FakeProvider.streamReply;
import static dev.apprentice.testing.FakeProvider.streamStallBeforeFirst;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.CallContext;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.Message;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FakeProviderTest {

  private final FakeProvider provider = new FakeProvider("fake");
  private final CallContext context = CallContext.withTimeout("t", Duration.ofSeconds(10));

  private static ChatRequest request(boolean stream) {
    return ChatRequest.builder().model("m1").messages(List.of(Message.user("hi there"))).stream(stream).build();
  }

  @Test
  void scriptedBehavioursAreConsumedInOrderThenTheDefaultApplies() throws ProviderException {
    provider.then(fail(Kind.RATE_LIMITED, 429, Duration.ofSeconds(3)), reply("second")).byDefault(reply("always"));

    assertThatThrownBy(() -> provider.chat(request(false), context)).isInstanceOfSatisfying(ProviderException.class,
        e -> {
          assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
          assertThat(e.status()).isEqualTo(429);
          assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        });
    assertThat(provider.chat(request(false), context).text()).isEqualTo("second");
    assertThat(provider.chat(request(false), context).text()).isEqualTo("always");
    assertThat(provider.calls()).isEqualTo(3);
    assertThat(provider.received()).extracting(FakeProvider.Received::model).containsOnly("m1");
  }

  @Test
  void aStreamYieldsItsChunksThenAFinishChunkThenEnds() throws ProviderException {
    provider.then(streamReply("a", "b"));

    try (ChunkStream stream = provider.stream(request(true), context)) {
      assertThat(stream.next().choices().getFirst().delta().content()).isEqualTo("a");
      assertThat(stream.next().choices().getFirst().delta().content()).isEqualTo("b");
      assertThat(stream.next().choices().getFirst().finishReason()).isEqualTo("stop");
      assertThat(stream.next()).isNull();
    }
    assertThat(provider.received().getFirst().streaming()).isTrue();
    assertThat(provider.closes()).isEqualTo(1);
  }

  @Test
  void aStreamCanFailAfterSomeChunks() throws ProviderException {
    provider.then(streamFailAfter(1, Kind.CONNECTION));
    ChunkStream stream = provider.stream(request(true), context);

    assertThat(stream.next().choices().getFirst().delta().content()).isEqualTo("c0");
    assertThatThrownBy(stream::next).isInstanceOfSatisfying(ProviderException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.CONNECTION));
  }

  @Test
  void aStalledFirstChunkUnblocksPromptlyWhenAnotherThreadClosesTheStream() throws Exception {
    provider.then(streamStallBeforeFirst(Duration.ofSeconds(30)));
    ChunkStream stream = provider.stream(request(true), context);
    CompletableFuture<Object> reader = CompletableFuture.supplyAsync(() -> {
      try {
        return stream.next();
      } catch (ProviderException e) {
        return e.kind();
      }
    });
    Thread.sleep(50);
    long start = System.nanoTime();

    stream.close();

    assertThat(reader.get(2, TimeUnit.SECONDS)).isEqualTo(Kind.CANCELLED);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    assertThat(provider.closes()).isEqualTo(1);
  }

  @Test
  void aHangEndsAtTheCallDeadlineWithATimeout() {
    provider.then(hang());
    long start = System.nanoTime();

    assertThatThrownBy(() -> provider.chat(request(false), CallContext.withTimeout("t", Duration.ofMillis(100))))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(90), Duration.ofSeconds(5));
  }
}
