package dev.apprentice.local.collection;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing the folders of deleted collections (and of creations that failed part-way). */
final class CollectionFiles {

  private CollectionFiles() {}

  /** Deletes a folder and everything in it, as far as it can; a missing folder is fine. */
  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          System.getLogger(CollectionFiles.class.getName()).log(System.Logger.Level.WARNING, "cannot delete " + p, e);
        }
      });
    } catch (IOException e) {
      System.getLogger(CollectionFiles.class.getName()).log(System.Logger.Level.WARNING, "cannot delete " + dir, e);
    }
  }

  /** Deletes the folders under {@code root} whose names start with {@code prefix}, left by an interrupted delete. */
  static void deleteLeftovers(Path root, String prefix) {
    if (!Files.isDirectory(root)) return;
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, prefix + "*")) {
      for (Path dir : dirs) deleteTree(dir);
    } catch (IOException e) {
      System.getLogger(CollectionFiles.class.getName()).log(System.Logger.Level.WARNING, "cannot clean " + root, e);
    }
  }
}
