package dev.apprentice.local.embedding;

import dev.apprentice.api.Embedder;
import dev.apprentice.api.Embedding;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * all-MiniLM-L6-v2 in-process ({@value #MODEL}, or its int8 variant {@value #QUANTIZED_MODEL}): 384-dimensional unit vectors, a window of 256 tokens (longer texts
 * are truncated and say so). Runs on ONNX Runtime with the model's own tokenizer; calls from many threads are
 * batched together by a {@link MicroBatcher}. Open it with {@link #open}, close it when done.
 */
public final class MiniLmEmbedder implements Embedder, AutoCloseable {

  /** The model's name as clients see it. */
  public static final String MODEL = "local/all-minilm-l6-v2";
  /** The int8-quantised variant's name ({@link ModelSource#quantized()}). */
  public static final String QUANTIZED_MODEL = "local/all-minilm-l6-v2-q";

  private final String name;
  private final MiniLmModel model;
  private final MicroBatcher<String, Embedding> batcher;

  private MiniLmEmbedder(String name, MiniLmModel model, EmbedderSettings settings) {
    this.name = name;
    this.model = model;
    this.batcher = new MicroBatcher<>("embedder", model::embed, settings.maxBatch(), settings.workers());
  }

  /** The bundled model with the default settings; native libraries are kept in {@code nativeDir}. */
  public static MiniLmEmbedder open(Path nativeDir) {
    return open(ModelSource.classpath(), nativeDir, EmbedderSettings.defaults());
  }

  /** Loads the model from {@code source}; native libraries are kept in {@code nativeDir}. */
  public static MiniLmEmbedder open(ModelSource source, Path nativeDir, EmbedderSettings settings) {
    return new MiniLmEmbedder(source.model(), MiniLmModel.load(source, nativeDir, settings), settings);
  }

  @Override
  public String model() {
    return name;
  }

  @Override
  public int dimensions() {
    return MiniLmModel.DIMENSIONS;
  }

  @Override
  public int maxTokens() {
    return MiniLmModel.MAX_TOKENS;
  }

  /**
   * Counted by the model's tokenizer on the caller's thread, no model run: about 0.1 ms for a line, 1 ms for 1,500
   * characters.
   */
  @Override
  public boolean overWindow(String text) {
    Objects.requireNonNull(text, "a text to count is null");
    return model.overWindow(text);
  }

  @Override
  public List<Embedding> embed(List<String> texts) {
    for (String text : texts) Objects.requireNonNull(text, "a text to embed is null");
    return batcher.process(texts);
  }

  /** Queued with the other callers' texts; a cancelled future drops its texts that have not run. */
  @Override
  public CompletableFuture<List<Embedding>> submit(List<String> texts) {
    for (String text : texts) Objects.requireNonNull(text, "a text to embed is null");
    return batcher.submit(texts);
  }

  /** Refuses new calls from now on, at once: the calls still queued fail, and batches not yet running are refused. */
  void refuse() {
    batcher.stop();
    model.refuse();
  }

  /**
   * Refuses new calls ({@link #refuse}), waits up to {@code patience} for the runs in flight, then frees the model;
   * false when runs were still going at the end of the wait, the model left unfreed.
   */
  boolean close(Duration patience) {
    refuse();
    return model.close(patience);
  }

  /** Fails the calls still queued, lets running batches finish (up to a minute), then frees the model. */
  @Override
  public void close() {
    close(MiniLmModel.CLOSE_PATIENCE);
  }
}
