package dev.apprentice.local.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibrariesMovedTest {

  private static final String ORT_PATH = "onnxruntime.native.path";
  private static final String JNA = "jna.tmpdir";

  @TempDir Path dir;

  @Test
  void aFolderSetForAnEarlierDataDirectoryThatIsGoneIsSetAgainForTheNextOne() throws Exception {
    String ortBefore = System.getProperty(ORT_PATH);
    String jnaBefore = System.getProperty(JNA);
    try {
      System.clearProperty(ORT_PATH);
      System.clearProperty(JNA);
      Path first = dir.resolve("first/native");
      NativeLibraries.useDirectory(first);
      assertThat(System.getProperty(ORT_PATH)).isEqualTo(first.resolve("onnxruntime").toAbsolutePath().toString());
      deleteTree(dir.resolve("first")); // a test's data directory, say, removed before its model ever loaded

      Path second = dir.resolve("second/native");
      NativeLibraries.useDirectory(second);

      Path ort = second.resolve("onnxruntime").toAbsolutePath();
      assertThat(System.getProperty(ORT_PATH)).as("ONNX Runtime would look where the libraries were")
          .isEqualTo(ort.toString());
      assertThat(ort.resolve(System.mapLibraryName("onnxruntime"))).isRegularFile();
      assertThat(System.getProperty(JNA)).isEqualTo(second.resolve("jna").toAbsolutePath().toString());
    } finally {
      restore(ORT_PATH, ortBefore);
      restore(JNA, jnaBefore);
    }
  }

  @Test
  void aFolderTheUserSetIsKeptEvenWhenItIsGone() throws Exception {
    String ortBefore = System.getProperty(ORT_PATH);
    try {
      String users = dir.resolve("nowhere").toString();
      System.setProperty(ORT_PATH, users);

      NativeLibraries.useDirectory(dir.resolve("native"));

      assertThat(System.getProperty(ORT_PATH)).isEqualTo(users);
    } finally {
      restore(ORT_PATH, ortBefore);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) System.clearProperty(key);
    else System.setProperty(key, value);
  }

  private static void deleteTree(Path root) throws Exception {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(path);
    }
  }
}
