package dev.apprentice.local.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.CallContext;
import dev.apprentice.api.ClosedException;
import dev.apprentice.api.Embedder;
import dev.apprentice.api.Embedding;
import dev.apprentice.api.EmbeddingRequest;
import dev.apprentice.api.EmbeddingResponse;
import dev.apprentice.api.ProviderException;
import dev.apprentice.testing.GatedEmbedder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LocalEmbeddingProviderTest {

  /** Three dimensions; a text's token count is its length plus two, and texts over 10 characters are "truncated". */
  private static final class FakeEmbedder implements Embedder {
    @Override
    public String model() {
      return "local/fake";
    }

    @Override
    public int dimensions() {
      return 3;
    }

    @Override
    public int maxTokens() {
      return 12;
    }

    @Override
    public List<Embedding> embed(List<String> texts) {
      return texts.stream().map(t -> new Embedding(new float[] {t.length(), 0, 1}, Math.min(t.length(), 10) + 2,
          t.length() > 10)).toList();
    }
  }

  private final LocalEmbeddingProvider provider = new LocalEmbeddingProvider(new FakeEmbedder());
  private final CallContext context = CallContext.withTimeout("trace", Duration.ofSeconds(5));

  private static EmbeddingRequest request(String model, Integer dimensions, String... inputs) {
    return new EmbeddingRequest(model, List.of(inputs), "float", dimensions, null, null);
  }

  @Test
  void aCallWhoseDeadlineHasPassedIsATimeoutThatNeverReachedTheModelSoNoCircuitCountsIt() {
    CallContext expired = CallContext.withTimeout("trace", Duration.ofNanos(1));

    assertThatThrownBy(() -> provider.embed(request("local/fake", null, "ab"), expired))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.kind()).isEqualTo(ProviderException.Kind.TIMEOUT);
          assertThat(e.requestSent()).isFalse();
        });
  }

  @Test
  void itAnswersVectorsInOrderWithTheTokensReadAndTheTruncatedIndexes() throws ProviderException {
    EmbeddingResponse response = provider.embed(request("local/fake", null, "ab", "a very long text", "", "xyz"),
        context);

    assertThat(provider.name()).isEqualTo("local");
    assertThat(response.model()).isEqualTo("local/fake");
    assertThat(response.vectors()).extracting(v -> v[0]).containsExactly(2f, 16f, 0f, 3f);
    assertThat(response.promptTokens()).isEqualTo(4 + 12 + 2 + 5);
    assertThat(response.truncated()).containsExactly(1);
  }

  /** The fake's answers behind this module's queue with one worker, which the test holds at a gate. */
  private static GatedEmbedder queuedBehindAGate() {
    return new GatedEmbedder("local/fake", new FakeEmbedder(), work -> {
      MicroBatcher<String, Embedding> batcher = new MicroBatcher<>("slow", work, 32, 1);
      return new GatedEmbedder.Queue(batcher::submit, batcher::process, batcher::close);
    });
  }

  @Test
  void aModelThatDoesNotAnswerByTheDeadlineIsATimeoutAndTheCallsTextsAreDroppedFromItsQueue() throws Exception {
    try (GatedEmbedder slow = queuedBehindAGate()) {
      LocalEmbeddingProvider queued = new LocalEmbeddingProvider(slow);
      CompletableFuture<List<Embedding>> ahead = slow.hold(); // the worker is held at the gate with it

      // the model never answers before the gate opens: the deadline, however short, is what ends the wait
      assertThatThrownBy(() -> queued.embed(request("local/fake", null, "late"),
          CallContext.withTimeout("trace", Duration.ofMillis(50))))
          .isInstanceOfSatisfying(ProviderException.class,
              e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.TIMEOUT));
      slow.release();

      assertThat(ahead.get()).hasSize(1);
      assertThat(queued.embed(request("local/fake", null, "after"), context).vectors()).hasSize(1);
      assertThat(slow.ran()).as("the timed-out call's text never ran").containsExactly(GatedEmbedder.AHEAD, "after");
    }
  }

  @Test
  void aCallWhoseClientLeftIsCancelledAndItsTextsAreDroppedFromTheQueue() throws Exception {
    try (GatedEmbedder slow = queuedBehindAGate()) {
      LocalEmbeddingProvider queued = new LocalEmbeddingProvider(slow);
      CompletableFuture<List<Embedding>> ahead = slow.hold();
      CompletableFuture<Void> left = new CompletableFuture<>();
      CompletableFuture<EmbeddingResponse> waiting = CompletableFuture.supplyAsync(() -> {
        try {
          return queued.embed(request("local/fake", null, "gone"), context, left);
        } catch (ProviderException e) {
          throw new java.util.concurrent.CompletionException(e);
        }
      });

      left.complete(null);

      assertThatThrownBy(waiting::join).cause().isInstanceOfSatisfying(ProviderException.class,
          e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.CANCELLED));
      slow.release();
      assertThat(ahead.get()).hasSize(1);
      assertThat(queued.embed(request("local/fake", null, "after"), context).vectors()).hasSize(1);
      assertThat(slow.ran()).containsExactly(GatedEmbedder.AHEAD, "after");
    }
  }

  @Test
  void theModelMayBeNamedWithoutItsProviderPrefix() throws ProviderException {
    assertThat(provider.embed(request("fake", null, "x"), context).vectors()).hasSize(1);
    assertThat(provider.embed(request("local/fake", 3, "x"), context).vectors()).hasSize(1);
  }

  @Test
  void anUnknownModelIsNotFound() {
    assertThatThrownBy(() -> provider.embed(request("text-embedding-3-small", null, "x"), context))
        .isInstanceOfSatisfying(ProviderException.class,
            e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.NOT_FOUND))
        .hasMessageContaining("local/fake");
  }

  @Test
  void otherDimensionsThanTheModelsAreAnInvalidRequest() {
    assertThatThrownBy(() -> provider.embed(request("local/fake", 2, "x"), context))
        .isInstanceOfSatisfying(ProviderException.class,
            e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.INVALID_REQUEST))
        .hasMessageContaining("3 dimensions");
  }

  @Test
  void aModelThatCannotBeLoadedIsAServerError() {
    LocalEmbeddingProvider broken = new LocalEmbeddingProvider(() -> {
      throw new IllegalStateException("no model files");
    });

    assertThatThrownBy(() -> broken.embed(request("local/fake", null, "x"), context))
        .isInstanceOfSatisfying(ProviderException.class,
            e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.SERVER_ERROR))
        .hasMessageContaining("no model files");
  }

  @Test
  void aModelWhoseLoadFailsWithoutAMessageIsSaidToFailSoNotWithNull() {
    LocalEmbeddingProvider broken = new LocalEmbeddingProvider(() -> {
      throw new IllegalStateException();
    });

    assertThatThrownBy(() -> broken.embed(request("local/fake", null, "x"), context))
        .isInstanceOf(ProviderException.class)
        .hasMessage("the local model could not be loaded: an error without a message");
  }

  @Test
  void aModelClosedAsTheServerShutsDownSaysSoAndKeepsWhatWasClosedAsTheCause() {
    MiniLmEmbedder closed = MiniLmEmbedder.open(ModelSource.classpath(), SharedModel.nativeDir(),
        EmbedderSettings.defaults());
    closed.close();
    LocalEmbeddingProvider late = new LocalEmbeddingProvider(closed);

    assertThatThrownBy(() -> late.embed(request(MiniLmEmbedder.MODEL, null, "x"), context))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.kind()).isEqualTo(ProviderException.Kind.SERVER_ERROR);
          assertThat(ClosedException.within(e)).hasMessage("the embedder is closed");
        })
        .hasMessage("the gateway is shutting down: the embedder is closed");
  }
}
