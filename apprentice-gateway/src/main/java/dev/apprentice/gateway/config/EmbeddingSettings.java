package dev.apprentice.gateway.config;

import java.time.Duration;

/**
 * The top-level {@code embeddings:} block: how the in-process embedding model ({@code local/all-minilm-l6-v2}) is
 * loaded and run. Every field is optional; null means the built-in choice (the model files bundled in the jar, and
 * the embedder's measured defaults).
 *
 * @param modelDir a directory holding {@code all-minilm-l6-v2.onnx} and {@code all-minilm-l6-v2-tokenizer.json}
 *                 (a vetted local copy of the same model), instead of the bundled files
 * @param threads  ONNX Runtime threads inside one model run
 * @param workers  model runs that may go on at once, each taking batches from the queue of waiting callers
 * @param maxBatch most texts one run takes from that queue
 * @param spinning whether ONNX Runtime's threads spin between runs: one-text calls get faster (about 1.9x measured
 *                 on two cores), at the price of CPU burnt while idle that request threads could have used
 * @param timeout  the most a {@code POST /v1/embeddings} call of the model waits for its vectors (504 past it)
 */
public record EmbeddingSettings(String modelDir, Integer threads, Integer workers, Integer maxBatch, Boolean spinning,
    Duration timeout) {

  /** What a call of the in-process model waits at most when {@code timeout_ms} is not set. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  /** The model files' names in {@link #modelDir()}: the same as the local module's {@code ModelSource} reads. */
  public static final String ONNX_FILE = "all-minilm-l6-v2.onnx";
  public static final String TOKENIZER_FILE = "all-minilm-l6-v2-tokenizer.json";

  public static EmbeddingSettings defaults() {
    return new EmbeddingSettings(null, null, null, null, null, null);
  }

  /** {@link #timeout()}, or {@link #DEFAULT_TIMEOUT} when not set. */
  public Duration callTimeout() {
    return timeout != null ? timeout : DEFAULT_TIMEOUT;
  }
}
