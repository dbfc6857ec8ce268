package dev.apprentice.local;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Folders under the data directory that hold what callers sent (cached prompts and answers, indexed documents) are
 * created rwx------ on POSIX file systems, as the database is kept rw-------: the data directory itself may be a
 * folder others can read ({@code data_dir: .}). Existing folders are left as they are; elsewhere (Windows) folders
 * are created plainly.
 */
public final class PrivateFolders {

  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

  private PrivateFolders() {}

  /** Creates {@code dir} and its missing parents, each one owner-only; returns {@code dir}. */
  public static Path create(Path dir) throws IOException {
    Path absolute = dir.toAbsolutePath();
    Path existing = absolute;
    while (existing != null && !Files.isDirectory(existing)) existing = existing.getParent();
    if (existing == null || !Files.getFileStore(existing).supportsFileAttributeView("posix")) {
      Files.createDirectories(dir);
      return dir;
    }
    List<Path> missing = new ArrayList<>();
    for (Path p = absolute; p != null && !Files.isDirectory(p); p = p.getParent()) missing.addFirst(p);
    for (Path p : missing) {
      try {
        Files.createDirectory(p, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.setPosixFilePermissions(p, OWNER_ONLY); // the umask may have taken more away, never added
      } catch (FileAlreadyExistsException raced) {
        if (!Files.isDirectory(p)) throw raced;
      }
    }
    return dir;
  }
}
