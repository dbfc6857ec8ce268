package dev.apprentice.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The data directory and the database hold prompts, answers and key hashes, so on a POSIX file system they are kept
 * to the user that runs Apprentice: directories {@code rwx------} (0700), files {@code rw-------} (0600). New ones
 * are created so; existing database files are tightened when asked ({@code serve} does at start), each change
 * reported; an existing directory is never changed, only reported (it may be shared with other things). On a
 * file system without POSIX permissions (Windows) nothing is changed, and nothing fails.
 */
public final class PrivateFiles {

  static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OTHERS = Set.of(PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
  /** What SQLite keeps beside a database in WAL mode (and a rollback journal, should one be left). */
  private static final List<String> DATABASE_COMPANIONS = List.of("", "-wal", "-shm", "-journal");

  private PrivateFiles() {}

  /** Creates {@code dir} and its missing parents, each one created 0700; existing ones are left as they are. */
  public static void createDirectories(Path dir) throws IOException {
    if (!posix(dir)) {
      Files.createDirectories(dir);
      return;
    }
    Path absolute = dir.toAbsolutePath();
    List<Path> missing = new ArrayList<>();
    for (Path p = absolute; p != null && !Files.isDirectory(p); p = p.getParent()) missing.addFirst(p);
    for (Path p : missing) {
      try {
        Files.createDirectory(p, PosixFilePermissions.asFileAttribute(DIRECTORY));
        Files.setPosixFilePermissions(p, DIRECTORY); // the umask may have taken more away, never added
      } catch (FileAlreadyExistsException raced) {
        if (!Files.isDirectory(p)) throw raced;
      }
    }
  }

  /** Creates an empty {@code file} 0600 when it is missing, so that what goes into it is never readable by others. */
  public static void createFile(Path file) throws IOException {
    if (!posix(file.toAbsolutePath().getParent()) || Files.exists(file)) return;
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
   * The permissions of {@code dir} when others may read or enter it ({@code rwxr-xr-x}), else null (also where there
   * are no POSIX permissions).
   */
  public static String openToOthers(Path dir) {
    PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
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
      if (Files.isRegularFile(companion)) tighten(companion, FILE, changed);
    }
    return changed;
  }

  private static void tighten(Path path, Set<PosixFilePermission> wanted, List<String> changed) {
    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
    if (view == null) return;
    try {
      Set<PosixFilePermission> now = view.readAttributes().permissions();
      if (now.stream().noneMatch(OTHERS::contains)) return;
      view.setPermissions(wanted);
      changed.add(path + " (was " + PosixFilePermissions.toString(now) + ")");
    } catch (IOException | UnsupportedOperationException e) {
      changed.add(path + " (left as it is: " + e.getClass().getSimpleName() + ")");
    }
  }

  private static boolean posix(Path existingOrParent) {
    Path probe = existingOrParent == null ? Path.of("").toAbsolutePath() : existingOrParent;
    return probe.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
