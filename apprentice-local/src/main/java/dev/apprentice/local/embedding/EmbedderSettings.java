package dev.apprentice.local.embedding;

/**
 * How {@link MiniLmEmbedder} uses the machine.
 *
 * @param maxBatch       most texts one model call takes from the queue of waiting callers
 * @param maxRunTokens   most padded tokens in one ONNX run (texts times the longest of them); bounds a run's memory
 * @param runOverheadTokens what one more ONNX run costs, in padded tokens; the batch is cut into runs to spend the
 *                       fewest tokens in all (higher: fewer, more padded runs)
 * @param intraOpThreads threads ONNX Runtime uses inside one run
 * @param workers        threads that take batches from the queue and run the model
 * @param spinning       whether ONNX Runtime's threads spin between runs (faster hand-offs, burns idle CPU)
 */
public record EmbedderSettings(int maxBatch, int maxRunTokens, int runOverheadTokens, int intraOpThreads, int workers,
    boolean spinning) {

  public EmbedderSettings {
    if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be positive");
    if (maxRunTokens < MiniLmModel.MAX_TOKENS) {
      throw new IllegalArgumentException("maxRunTokens must hold one full window (" + MiniLmModel.MAX_TOKENS + ")");
    }
    if (runOverheadTokens < 0) throw new IllegalArgumentException("runOverheadTokens must not be negative");
    if (intraOpThreads < 1) throw new IllegalArgumentException("intraOpThreads must be positive");
    if (workers < 1) throw new IllegalArgumentException("workers must be positive");
  }

  /**
   * Measured on 2 shared cores (bench/embeddings.sh --sweep and run timings): a run costs a fixed ~2 ms, about what 8
   * to 16 tokens cost, so runs are cut at 16 tokens of overhead (unsplit batches padded to their longest text were
   * 2-3x slower on Banking77); runs over ~1-2k padded tokens lose speed to cache misses; one worker with ONNX Runtime
   * using every core (up to 4) beat two single-threaded workers; spinning threads were 2-3x slower on a busy machine;
   * batches of 16, 32 and 64 were within noise.
   */
  public static EmbedderSettings defaults() {
    int cores = Runtime.getRuntime().availableProcessors();
    return new EmbedderSettings(32, 1024, 16, Math.min(cores, 4), 1, false);
  }

  public EmbedderSettings withMaxBatch(int value) {
    return new EmbedderSettings(value, maxRunTokens, runOverheadTokens, intraOpThreads, workers, spinning);
  }

  public EmbedderSettings withIntraOpThreads(int value) {
    return new EmbedderSettings(maxBatch, maxRunTokens, runOverheadTokens, value, workers, spinning);
  }

  public EmbedderSettings withWorkers(int value) {
    return new EmbedderSettings(maxBatch, maxRunTokens, runOverheadTokens, intraOpThreads, value, spinning);
  }

  public EmbedderSettings withSpinning(boolean value) {
    return new EmbedderSettings(maxBatch, maxRunTokens, runOverheadTokens, intraOpThreads, workers, value);
  }

  public EmbedderSettings withRunOverheadTokens(int value) {
    return new EmbedderSettings(maxBatch, maxRunTokens, value, intraOpThreads, workers, spinning);
  }

  public EmbedderSettings withMaxRunTokens(int value) {
    return new EmbedderSettings(maxBatch, value, runOverheadTokens, intraOpThreads, workers, spinning);
  }
}
