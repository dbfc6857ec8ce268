package dev.apprentice.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What the files of a folder hold, to see that something left them as they were. */
public final class FolderContents {

  private FolderContents() {}

  /** Each file's name and its bytes in hex, but those named in {@code leftOut} (a lock file, which holds nothing). */
  public static Map<String, String> of(Path folder, String... leftOut) {
    Set<String> skipped = Set.of(leftOut);
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> listed = Files.list(folder)) {
      for (Path file : listed.toList()) {
        String name = file.getFileName().toString();
        if (!skipped.contains(name)) files.put(name, HexFormat.of().formatHex(Files.readAllBytes(file)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }
}
