package dev.apprentice.local.embedding;

import dev.apprentice.api.ClosedException;
import dev.apprentice.api.Embedder;
import dev.apprentice.api.Loading;
import dev.apprentice.api.files.DataFolders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The in-process models of one Apprentice instance: {@link #embedder()} loads all-MiniLM-L6-v2 on first use (so a
 * server starts fast) with its native libraries under {@code <dataDir>/native}, and {@link #close()} frees it. The
 * load runs on a thread of its own ({@link Loading}): a call that embeds within a deadline
 * ({@link Embedder#embed(List, dev.apprentice.api.Deadline)}, {@link Embedder#ready}) waits for it no longer, and a
 * load that failed is not tried again. Thread-safe; the one embedder is shared by every component.
 */
public final class LocalModels implements AutoCloseable {

  /** The name of the built-in embedding model. */
  public static final String EMBEDDING_MODEL = MiniLmEmbedder.MODEL;

  /** How {@code /ready} and a call that gave up waiting name the embedding model's load. */
  public static final String EMBEDDING_LOAD = "the local embedding model";
  /** How they name the quantised model's load, the injection detector's embedder. */
  public static final String QUANTIZED_LOAD = "the quantised local embedding model";

  /** How long {@link #close} waits, in all, for the loads still running and the runs in flight. */
  static final Duration CLOSE_PATIENCE = Duration.ofMinutes(1);

  private final Path nativeDir;
  private final ModelSource source;
  private final EmbedderSettings settings;
  private final Loading<MiniLmEmbedder> embedder;
  private final Loading<MiniLmEmbedder> quantized;
  private final Embedder embedderView;
  private final Embedder quantizedView;
  /** The models opened so far, closed with this; guarded by this. */
  private final List<MiniLmEmbedder> opened = new ArrayList<>();
  /** Set under this lock (as {@link #open} reads it); read without it by every use, each call's embedding included. */
  private volatile boolean closed;

  /** The bundled model, native files under {@code <dataDir>/native}, default settings. */
  public LocalModels(Path dataDir) {
    this(ModelSource.classpath(), DataFolders.nativeLibraries(dataDir), EmbedderSettings.defaults());
  }

  /** The model from {@code source}, native files under {@code nativeDir}. */
  public LocalModels(ModelSource source, Path nativeDir, EmbedderSettings settings) {
    this.nativeDir = Objects.requireNonNull(nativeDir, "nativeDir");
    this.source = Objects.requireNonNull(source, "source");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.embedder = new Loading<>(EMBEDDING_LOAD, () -> open(this.source));
    this.quantized = new Loading<>(QUANTIZED_LOAD, () -> open(ModelSource.quantized()));
    this.embedderView = new LoadingEmbedder(embedder);
    this.quantizedView = new LoadingEmbedder(quantized);
  }

  /**
   * The shared embedder, loaded in the background from the first use on ({@link LoadingEmbedder}); throws
   * {@link ClosedException} once closed.
   */
  public Embedder embedder() {
    return unlessClosed(embedderView);
  }

  /**
   * The int8-quantised variant ({@value MiniLmEmbedder#QUANTIZED_MODEL}), loaded as {@link #embedder()} is: the
   * injection detector's embedder, where latency per text matters more than the last hundredth of cosine.
   */
  public Embedder quantizedEmbedder() {
    return unlessClosed(quantizedView);
  }

  private Embedder unlessClosed(Embedder model) {
    if (closed) throw new ClosedException("the local models are closed");
    return model;
  }

  private MiniLmEmbedder open(ModelSource from) {
    if (closed) throw new ClosedException("the local models are closed"); // a view kept from before the close
    MiniLmEmbedder model = MiniLmEmbedder.open(from, nativeDir, settings);
    synchronized (this) {
      if (!closed) {
        opened.add(model);
        return model;
      }
    }
    model.close();
    throw new ClosedException("the local models are closed");
  }

  /** True once the embedder has been loaded (and not closed). */
  public boolean embedderLoaded() {
    return embedder.loaded() && !closed;
  }

  /**
   * Refuses new uses, and new runs on the models loaded, at once; then waits, up to {@link #CLOSE_PATIENCE} in all,
   * for the loads still running (each frees its model itself when it ends) and the runs in flight, and frees each
   * loaded model whose runs have ended (see {@link ClosingModels}; one past the wait is left to the process's end).
   * While the process ends (a shutdown hook closing), nothing is waited for nor freed. Closing again does nothing
   * more.
   */
  @Override
  public void close() {
    List<MiniLmEmbedder> loaded;
    synchronized (this) {
      if (closed) return;
      closed = true;
      loaded = List.copyOf(opened);
      opened.clear();
    }
    List<ClosingModels.Model> models = new ArrayList<>();
    for (MiniLmEmbedder model : loaded) models.add(new ClosingModels.Model(model::refuse, model::close));
    new ClosingModels(NativeRuns::processEnding).close(List.of(embedder, quantized), models, CLOSE_PATIENCE);
  }
}
