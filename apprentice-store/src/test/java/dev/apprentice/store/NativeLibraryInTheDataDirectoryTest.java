package dev.apprentice.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite's JDBC driver unpacks its native library into the {@code native/} folder beside the database, not the
 * temporary directory: nothing of an install is written outside its data directory (PRODUCT.md §5). The driver loads
 * its library once per process, so the store is opened in a process of its own ({@link #main}), which lists both
 * folders while the library is in use (the driver deletes its copy when the process ends).
 */
class NativeLibraryInTheDataDirectoryTest {

  @TempDir
  Path dir;

  @Test
  void theDriversNativeLibraryIsUnpackedIntoTheDataDirectoryNotTheTemporaryOne() throws Exception {
    Path temporary = Files.createDirectories(dir.resolve("tmp"));
    Path data = dir.resolve("data");

    List<String> listed = openInAProcessOfItsOwn(temporary, data.resolve("apprentice.db"));

    assertThat(listed).filteredOn(line -> line.startsWith("tmp ")).isEmpty();
    assertThat(listed).filteredOn(line -> line.startsWith("native ")).anySatisfy(line ->
        assertThat(line).contains("sqlitejdbc"));
  }

  /** Opens the store at {@code args[0]}, then prints each file of the temporary directory and of native/. */
  public static void main(String[] args) throws IOException {
    Path database = Path.of(args[0]);
    try (Store store = Store.open("jdbc:sqlite:" + database)) {
      store.traces().count();
      print("tmp", Path.of(System.getProperty("java.io.tmpdir")));
      print("native", database.getParent().resolve("native"));
    }
  }

  private static void print(String label, Path folder) throws IOException {
    if (!Files.isDirectory(folder)) return;
    try (Stream<Path> files = Files.walk(folder)) {
      files.filter(Files::isRegularFile).forEach(file -> System.out.println(label + " " + folder.relativize(file)));
    }
  }

  private static List<String> openInAProcessOfItsOwn(Path temporary, Path database) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-Djava.io.tmpdir=" + temporary,
        "-cp", System.getProperty("java.class.path"), NativeLibraryInTheDataDirectoryTest.class.getName(),
        database.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output.lines().toList();
  }
}
