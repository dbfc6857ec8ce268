package dev.apprentice.gateway.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Reads the top-level {@code embeddings:} block; a model directory must exist and hold both model files. */
final class EmbeddingBinder {

  private EmbeddingBinder() {}

  static EmbeddingSettings read(Section root) {
    Section s = root.section("embeddings");
    String modelDir = s.string("model_dir", null);
    if (modelDir != null) modelDir = checkedModelDir(s, modelDir);
    Integer threads = s.has("threads") ? s.integer("threads", 1, 1, 64) : null;
    Integer workers = s.has("workers") ? s.integer("workers", 1, 1, 64) : null;
    Integer maxBatch = s.has("max_batch") ? s.integer("max_batch", 1, 1, 4096) : null;
    Boolean spinning = s.has("spinning") ? s.bool("spinning", false) : null;
    Duration timeout = s.has("timeout_ms") ? Duration.ofMillis(s.integer("timeout_ms", 1, 1, 3_600_000)) : null;
    s.finish();
    return new EmbeddingSettings(modelDir, threads, workers, maxBatch, spinning, timeout);
  }

  private static String checkedModelDir(Section s, String modelDir) {
    if (modelDir.isBlank()) {
      s.problems().add(s.pathOf("model_dir"), "must not be empty");
      return null;
    }
    Path dir = Path.of(modelDir);
    if (!Files.isDirectory(dir)) {
      s.problems().add(s.pathOf("model_dir"), "not a directory: " + modelDir);
      return null;
    }
    for (String file : new String[] {EmbeddingSettings.ONNX_FILE, EmbeddingSettings.TOKENIZER_FILE}) {
      if (!Files.isRegularFile(dir.resolve(file))) {
        s.problems().add(s.pathOf("model_dir"), "no " + file + " in " + modelDir);
        return null;
      }
    }
    return modelDir;
  }
}
