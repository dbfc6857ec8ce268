package dev.apprentice.local.embedding;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the BERT encoder on a run of tokenized texts padded to the longest of them, then mean-pools each text's token
 * vectors over its attention mask and scales the result to unit length (what sentence-transformers does for
 * all-MiniLM-L6-v2). Thread-safe: ONNX Runtime sessions accept concurrent runs.
 */
final class OnnxEncoder implements AutoCloseable {

  private static final String OUTPUT = "last_hidden_state";

  private final OrtEnvironment environment;
  private final OrtSession session;
  private final Set<String> inputs;
  private final int dimensions;

  OnnxEncoder(OrtEnvironment environment, OrtSession session, int dimensions) {
    this.environment = environment;
    this.session = session;
    this.inputs = session.getInputNames();
    this.dimensions = dimensions;
    if (!session.getOutputNames().contains(OUTPUT)) {
      throw new IllegalArgumentException("the model has no output " + OUTPUT + ": " + session.getOutputNames());
    }
  }

  /** One unit vector per tokenized text, in the order given. */
  float[][] embed(List<Tokens> run) throws OrtException {
    int rows = run.size();
    int width = 0;
    for (Tokens tokens : run) width = Math.max(width, tokens.length());
    long[] ids = new long[rows * width];
    long[] mask = new long[rows * width];
    for (int row = 0; row < rows; row++) {
      long[] text = run.get(row).ids();
      System.arraycopy(text, 0, ids, row * width, text.length);
      java.util.Arrays.fill(mask, row * width, row * width + text.length, 1L);
    }
    long[] shape = {rows, width};
    Map<String, OnnxTensor> feed = new HashMap<>();
    try {
      feed.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape));
      feed.put("attention_mask", OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape));
      if (inputs.contains("token_type_ids")) {
        LongBuffer types = LongBuffer.wrap(new long[rows * width]);
        feed.put("token_type_ids", OnnxTensor.createTensor(environment, types, shape));
      }
      try (OrtSession.Result result = session.run(feed, Set.of(OUTPUT))) {
        FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
        float[][] vectors = new float[rows][];
        for (int row = 0; row < rows; row++) vectors[row] = meanPool(hidden, row, width, run.get(row).length());
        return vectors;
      }
    } finally {
      for (OnnxTensor tensor : feed.values()) tensor.close();
    }
  }

  /** The mean of the first {@code tokens} token vectors of a row (its unmasked ones), scaled to unit length. */
  private float[] meanPool(FloatBuffer hidden, int row, int width, int tokens) {
    float[] sum = new float[dimensions];
    int base = row * width * dimensions;
    for (int t = 0; t < tokens; t++) {
      int offset = base + t * dimensions;
      for (int d = 0; d < dimensions; d++) sum[d] += hidden.get(offset + d);
    }
    double norm = 0;
    for (int d = 0; d < dimensions; d++) {
      sum[d] /= Math.max(tokens, 1);
      norm += (double) sum[d] * sum[d];
    }
    float scale = (float) (1 / Math.max(Math.sqrt(norm), 1e-12));
    for (int d = 0; d < dimensions; d++) sum[d] *= scale;
    return sum;
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
