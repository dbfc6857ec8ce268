package dev.apprentice.local.embedding;

import dev.apprentice.api.Embedder;
import dev.apprentice.api.files.DataFolders;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The in-process models of one Apprentice instance: {@link #embedder()} loads all-MiniLM-L6-v2 on first use (so a
 * server starts fast) with its native libraries under {@code <dataDir>/native}, and {@link #close()} frees it.
 * Thread-safe; the one embedder is shared by every component.
 */
public final class LocalModels implements AutoCloseable {

  /** The name of the built-in embedding model. */
  public static final String EMBEDDING_MODEL = MiniLmEmbedder.MODEL;

  private final Path nativeDir;
  private final ModelSource source;
  private final EmbedderSettings settings;
  private volatile MiniLmEmbedder embedder;
  private volatile MiniLmEmbedder quantized;
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
  }

  /** The shared embedder, loaded on the first call; throws {@link IllegalStateException} once closed. */
  public Embedder embedder() {
    MiniLmEmbedder loaded = embedder;
    if (loaded != null && !closed) return loaded;
    synchronized (this) {
      if (closed) throw new IllegalStateException("the local models are closed");
      if (embedder == null) embedder = MiniLmEmbedder.open(source, nativeDir, settings);
      return embedder;
    }
  }

  /**
   * The int8-quantised variant ({@value MiniLmEmbedder#QUANTIZED_MODEL}), loaded on the first call: the injection
   * detector's embedder, where latency per text matters more than the last hundredth of cosine.
   */
  public Embedder quantizedEmbedder() {
    MiniLmEmbedder loaded = quantized;
    if (loaded != null && !closed) return loaded;
    synchronized (this) {
      if (closed) throw new IllegalStateException("the local models are closed");
      if (quantized == null) quantized = MiniLmEmbedder.open(ModelSource.quantized(), nativeDir, settings);
      return quantized;
    }
  }

  /** True once the embedder has been loaded (and not closed). */
  public boolean embedderLoaded() {
    return embedder != null;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (embedder != null) embedder.close();
    if (quantized != null) quantized.close();
    embedder = null;
    quantized = null;
  }
}
