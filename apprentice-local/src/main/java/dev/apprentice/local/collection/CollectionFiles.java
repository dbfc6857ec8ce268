package dev.apprentice.local.collection;

import dev.apprentice.local.index.IndexFaults;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Moving aside and removing the folders of deleted collections (and of creations that failed part-way or crashed). Removing
 * never throws: a file that cannot be removed (a folder that cannot be listed, a permission missing) is logged and
 * said, and the rest is removed as far as it can be.
 */
final class CollectionFiles {

  /** The files under a folder, the folder first (as {@link Files#walk}); may fail unchecked as it is read. */
  @FunctionalInterface
  interface Walk {
    Stream<Path> under(Path dir) throws IOException;
  }

  /** Renames a folder (as {@link Files#move}). */
  @FunctionalInterface
  interface Move {
    void move(Path from, Path to) throws IOException;
  }

  /** The folders on disk. */
  static final CollectionFiles ON_DISK = new CollectionFiles(Files::walk, Files::move);

  /** How the names of folders moved aside start. */
  private static final String DELETED = ".deleted-";
  /** How the names of the folders new collections are made in start, before they are moved in place. */
  private static final String CREATING = ".creating-";
  /**
   * How old a folder a collection was being made in must be to be taken for one a crash left: making one takes well
   * under a second, and another process may be making one now, which must not be removed under it.
   */
  static final Duration ABANDONED_AFTER = Duration.ofHours(1);
  private static final System.Logger LOG = System.getLogger(CollectionFiles.class.getName());

  private final Walk walk;
  private final Move move;

  CollectionFiles(Walk walk, Move move) {
    this.walk = walk;
    this.move = move;
  }

  /** A new folder's path under {@code root} to make the collection {@code name} in, before it is moved in place. */
  static Path staging(Path root, String name) {
    return root.resolve(CREATING + name + "-" + UUID.randomUUID());
  }

  /**
   * Moves a collection's folder aside, beside it under a name no collection has and no other move takes, where
   * {@link #deleteLeftovers} finds it if it is not removed; where it went.
   */
  Path moveAside(Path dir) throws IOException {
    Path doomed = dir.resolveSibling(DELETED + dir.getFileName() + "-" + UUID.randomUUID());
    move.move(dir, doomed);
    return doomed;
  }

  /**
   * Deletes a folder and everything in it, as far as it can; a missing folder is fine, and so is one another process
   * removed meanwhile. What could not be deleted, in words, or empty when the folder is gone.
   */
  Optional<String> deleteTree(Path dir) {
    if (!Files.exists(dir)) return Optional.empty();
    String left = null;
    try (Stream<Path> paths = walk.under(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        String failed = delete(path);
        if (left == null) left = failed;
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot delete " + dir, e);
      left = IndexFaults.words(e);
    }
    return Files.notExists(dir) ? Optional.empty() : Optional.ofNullable(left);
  }

  private static String delete(Path path) {
    try {
      Files.deleteIfExists(path);
      return null;
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot delete " + path, e);
      return IndexFaults.words(e);
    }
  }

  /**
   * Deletes the folders under {@code root} that were left there: moved aside by an interrupted delete, or made for a
   * collection by a create that crashed, last changed {@link #ABANDONED_AFTER} or longer before {@code now} (a younger
   * one may be another process's create under way).
   */
  void deleteLeftovers(Path root, Instant now) {
    if (!Files.isDirectory(root)) return;
    Instant abandoned = now.minus(ABANDONED_AFTER);
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, ".{deleted,creating}-*")) {
      for (Path dir : dirs) {
        if (dir.getFileName().toString().startsWith(DELETED) || changedBefore(dir, abandoned)) deleteTree(dir);
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot clean " + root, e);
    }
  }

  /**
   * Whether {@code dir} itself (a link, not what it points to) was last changed before {@code time}; false when that
   * cannot be read, so that one entry read wrong stops none of the others being cleaned.
   */
  private static boolean changedBefore(Path dir, Instant time) {
    try {
      return Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(time);
    } catch (NoSuchFileException gone) {
      return false; // moved in place (or removed) by the process making it
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot tell when " + dir + " was last changed; left as it is", e);
      return false;
    }
  }
}
