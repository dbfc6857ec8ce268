package dev.apprentice.local.embedding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One embedder for all tests of this JVM (loading the model takes a second or two), with its native files in one
 * temporary directory. Tests that also run langchain4j's wrapper open this first, so DJL extracts its library there
 * instead of into {@code ~/.djl.ai}.
 */
final class SharedModel {

  private static MiniLmEmbedder embedder;
  private static Path nativeDir;

  private SharedModel() {}

  static synchronized MiniLmEmbedder embedder() {
    if (embedder == null) {
      embedder = MiniLmEmbedder.open(ModelSource.classpath(), nativeDir(), EmbedderSettings.defaults());
      // not closed at exit: a daemon worker may still run in it, and the process's end frees the model
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(nativeDir)));
    }
    return embedder;
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }

  static synchronized Path nativeDir() {
    if (nativeDir == null) {
      try {
        nativeDir = Files.createTempDirectory("apprentice-native-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return nativeDir;
  }
}
