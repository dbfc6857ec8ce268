package dev.apprentice.api.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What Apprentice keeps in its data directory holds prompts, answers, indexed documents and key hashes, so on a POSIX
 * file system it is kept to the user that runs Apprentice: directories {@code rwx------} (0700), files
 * {@code rw-------} (0600). New ones are created so; existing ones are tightened only when asked ({@code serve} does
 * at start for the database and the folders the server owns), each change reported; the data directory itself is
 * never changed, only reported (it may be a folder shared with other things, even {@code .}). On a file system
 * without POSIX permissions (Windows, a FAT volume) directories are created plainly and nothing fails.
 *
 * <p>The one definition the store (the database) and the local models (the response cache, collections, native
 * libraries) share.
 */
public final class PrivateFiles {

  public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OTHERS = Set.of(PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
  /** What SQLite keeps beside a database in WAL mode (and a rollback journal, should one be left). */
  private static final List<String> DATABASE_COMPANIONS = List.of("", "-wal", "-shm", "-journal");

  private PrivateFiles() {}

  /**
   * Creates {@code dir} and its missing parents, each one created 0700; existing ones are left as they are.
   *
   * @return {@code dir}
   */
  public static Path createDirectories(Path dir) throws IOException {
    if (!posix(dir)) {
      Files.createDirectories(dir);
      return dir;
    }
    List<Path> missing = new ArrayList<>();
    for (Path p = dir.toAbsolutePath(); p != null && !Files.isDirectory(p); p = p.getParent()) missing.addFirst(p);
    for (Path p : missing) {
      try {
        Files.createDirectory(p, PosixFilePermissions.asFileAttribute(DIRECTORY));
        Files.setPosixFilePermissions(p, DIRECTORY); // the umask may have taken more away, never added
      } catch (FileAlreadyExistsException raced) {
        if (!Files.isDirectory(p)) throw raced;
      }
    }
    return dir;
  }

  /** Creates an empty {@code file} 0600 when it is missing, so that what goes into it is never readable by others. */
  public static void createFile(Path file) throws IOException {
    if (Files.exists(file) || !posix(file.toAbsolutePath().getParent())) return;
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
    } catch (FileAlreadyExistsException raced) {
      // another process created it first: it is tightened like any existing file, where asked
    }
  }

  /**
   * Creates the data directory (0700) when it is missing. An existing one is left as it is, for it may be a directory
   * the user shares with other things (a project folder, {@code .}); see {@link #openToOthers}.
   */
  public static void secureDirectory(Path dir) throws IOException {
    if (!Files.exists(dir)) createDirectories(dir);
  }

  /**
   * The permissions of {@code path} when others may read, write or enter it ({@code rwxr-xr-x}), else null (also
   * where there are no POSIX permissions).
   */
  public static String openToOthers(Path path) {
    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
    if (view == null) return null;
    try {
      Set<PosixFilePermission> now = view.readAttributes().permissions();
      return now.stream().anyMatch(OTHERS::contains) ? PosixFilePermissions.toString(now) : null;
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }

  /**
   * Makes an existing database file and its companions ({@code -wal}, {@code -shm}) 0600 where others may read them;
   * SQLite creates the companions with the database file's permissions, so they stay private from then on.
   *
   * @return what was changed, one {@code path (was rw-r--r--)} each, or could not be
   */
  public static List<String> secureDatabase(Path file) {
    List<String> changed = new ArrayList<>(0);
    for (String suffix : DATABASE_COMPANIONS) {
      Path companion = file.resolveSibling(file.getFileName() + suffix);
      if (Files.isRegularFile(companion)) tighten(companion, FILE).ifPresent(changed::add);
    }
    return changed;
  }

  /**
   * Makes an existing folder 0700 when others may read, write or enter it, for a folder Apprentice owns (never the
   * data directory itself, see {@link #secureDirectory}). What is inside is left as it is: once the folder is the
   * owner's only, nobody else can reach it. A missing folder, or a link, is left alone.
   *
   * @return {@code path (was rwxr-xr-x)} when it was changed, or could not be; empty when nothing was to be done
   */
  public static Optional<String> secureFolder(Path dir) {
    if (!Files.isDirectory(dir) || Files.isSymbolicLink(dir)) return Optional.empty();
    return tighten(dir, DIRECTORY);
  }

  private static Optional<String> tighten(Path path, Set<PosixFilePermission> wanted) {
    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
    if (view == null) return Optional.empty();
    try {
      Set<PosixFilePermission> now = view.readAttributes().permissions();
      if (now.stream().noneMatch(OTHERS::contains)) return Optional.empty();
      view.setPermissions(wanted);
      return Optional.of(path + " (was " + PosixFilePermissions.toString(now) + ")");
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.of(path + " (left as it is: " + e.getClass().getSimpleName() + ")");
    }
  }

  /** Whether the file store of {@code path}, or of its nearest existing ancestor, keeps POSIX permissions. */
  private static boolean posix(Path path) throws IOException {
    Path existing = path == null ? Path.of("").toAbsolutePath() : path.toAbsolutePath();
    while (existing != null && !Files.isDirectory(existing)) existing = existing.getParent();
    return existing != null && Files.getFileStore(existing).supportsFileAttributeView("posix");
  }
}
