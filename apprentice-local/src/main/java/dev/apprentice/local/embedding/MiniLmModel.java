package dev.apprentice.local.embedding;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.apprentice.api.Embedding;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * all-MiniLM-L6-v2 run synchronously on the caller's thread: tokenizes a batch, runs it in length-sorted runs and
 * answers the embeddings in input order. {@link MiniLmEmbedder} puts dynamic batching in front of it.
 */
final class MiniLmModel implements AutoCloseable {

  static final int DIMENSIONS = 384;
  static final int MAX_TOKENS = 256;
  /** How long {@link #close} waits for the runs in flight. */
  static final Duration CLOSE_PATIENCE = Duration.ofMinutes(1);

  private final MiniLmTokenizer tokenizer;
  private final OnnxEncoder encoder;
  private final EmbedderSettings settings;
  private final NativeRuns runs = new NativeRuns("the embedding model");

  private MiniLmModel(MiniLmTokenizer tokenizer, OnnxEncoder encoder, EmbedderSettings settings) {
    this.tokenizer = tokenizer;
    this.encoder = encoder;
    this.settings = settings;
  }

  /** Loads the model from {@code source}; native libraries live in {@code nativeDir}. */
  static MiniLmModel load(ModelSource source, java.nio.file.Path nativeDir, EmbedderSettings settings) {
    NativeLibraries.useDirectory(nativeDir);
    MiniLmTokenizer tokenizer = null;
    try (InputStream json = source.openTokenizer()) {
      tokenizer = new MiniLmTokenizer(json, MAX_TOKENS);
      OrtEnvironment environment = OrtEnvironment.getEnvironment();
      EnvironmentReference.hold(environment); // before any session: ONNX Runtime's shutdown hook must not free it
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
        options.setIntraOpNumThreads(settings.intraOpThreads());
        options.setInterOpNumThreads(1);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.addConfigEntry("session.intra_op.allow_spinning", settings.spinning() ? "1" : "0");
        OrtSession session = source.openSession(environment, options);
        try {
          return new MiniLmModel(tokenizer, new OnnxEncoder(environment, session, DIMENSIONS), settings);
        } catch (RuntimeException e) {
          session.close();
          throw e;
        }
      }
    } catch (IOException e) {
      if (tokenizer != null) tokenizer.close();
      throw new UncheckedIOException("cannot load the embedding model from " + source + ": " + e.getMessage(), e);
    } catch (OrtException | RuntimeException e) {
      if (tokenizer != null) tokenizer.close();
      throw new IllegalStateException("cannot load the embedding model from " + source + ": " + e.getMessage(), e);
    }
  }

  /** The embeddings of {@code texts}, in order; throws {@link IllegalStateException} once closing. */
  List<Embedding> embed(List<String> texts) {
    return runs.run(() -> embedOpen(texts));
  }

  /** Whether the text has more tokens than {@link #MAX_TOKENS}; throws {@link IllegalStateException} once closing. */
  boolean overWindow(String text) {
    return runs.run(() -> tokenizer.encode(List.of(text)).getFirst().truncated());
  }

  private List<Embedding> embedOpen(List<String> texts) {
    List<Tokens> batch = tokenizer.encode(texts);
    Embedding[] out = new Embedding[batch.size()];
    try {
      for (int[] run : RunPlan.of(batch, settings.maxRunTokens(), settings.runOverheadTokens())) {
        List<Tokens> tokens = new ArrayList<>(run.length);
        for (int index : run) tokens.add(batch.get(index));
        float[][] vectors = encoder.embed(tokens);
        for (int i = 0; i < run.length; i++) {
          Tokens text = tokens.get(i);
          out[run[i]] = new Embedding(vectors[i], text.length(), text.truncated());
        }
      }
    } catch (OrtException e) {
      throw new IllegalStateException("the embedding model failed: " + e.getMessage(), e);
    }
    return Arrays.asList(out);
  }

  /** Refuses new runs from now on, at once; the runs in flight go on. */
  void refuse() {
    runs.refuse();
  }

  /**
   * Refuses new runs, waits for those in flight (up to {@code patience}), then frees the session and the tokenizer;
   * past the wait they are left unfreed rather than freed under a run (false then). Closing again does nothing.
   */
  boolean close(Duration patience) {
    return runs.close(patience, this::free);
  }

  /** {@link #close(Duration)} within {@link #CLOSE_PATIENCE}. */
  @Override
  public void close() {
    close(CLOSE_PATIENCE);
  }

  private void free() {
    try {
      encoder.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close the embedding model", e);
    } finally {
      tokenizer.close();
    }
  }
}
