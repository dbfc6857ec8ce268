package dev.apprentice.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.apprentice.api.access.ApiKey;
import dev.apprentice.api.access.Limits;
import dev.apprentice.api.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {

  @TempDir Path dir;

  @BeforeEach
  void onPosixOnly() {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions only");
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private static void chmod(Path path, String mode) throws IOException {
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
  }

  @Test
  void aNewDataDirectoryItsDatabaseAndTheWalAreForTheirOwnerOnly() throws IOException {
    Path data = dir.resolve("data");
    Path db = data.resolve("apprentice.db");

    try (Store store = Store.open("jdbc:sqlite:" + db)) {
      store.keys().insert(new ApiKey("k1", ApiKey.Role.CLIENT, "acme", "k1", "0f".repeat(32), Set.of(), Limits.NONE,
          Instant.EPOCH, null));
      assertThat(mode(data)).isEqualTo("rwx------");
      assertThat(mode(db)).isEqualTo("rw-------");
      assertThat(data.resolve("apprentice.db-wal")).exists();
      assertThat(mode(data.resolve("apprentice.db-wal"))).isEqualTo("rw-------");
      assertThat(mode(data.resolve("apprentice.db-shm"))).isEqualTo("rw-------");
    }
  }

  @Test
  void onlyTheDirectoriesItCreatesAreMadePrivateNotTheOnesAlreadyThere() throws IOException {
    Path shared = Files.createDirectory(dir.resolve("shared"));
    chmod(shared, "rwxr-xr-x");

    Store.open("jdbc:sqlite:" + shared.resolve("a/b/apprentice.db")).close();

    assertThat(mode(shared)).isEqualTo("rwxr-xr-x");
    assertThat(mode(shared.resolve("a"))).isEqualTo("rwx------");
    assertThat(mode(shared.resolve("a/b"))).isEqualTo("rwx------");
  }

  @Test
  void anExistingDatabaseOthersCouldReadIsTightenedAndReportedButItsDirectoryIsOnlyReported() throws IOException {
    Path data = Files.createDirectory(dir.resolve("data"));
    chmod(data, "rwxr-xr-x");
    Path db = Files.writeString(data.resolve("apprentice.db"), "");
    chmod(db, "rw-r--r--");
    Path wal = Files.writeString(data.resolve("apprentice.db-wal"), "");
    chmod(wal, "rw-rw-rw-");

    PrivateFiles.secureDirectory(data);
    assertThat(PrivateFiles.openToOthers(data)).isEqualTo("rwxr-xr-x");
    assertThat(PrivateFiles.secureDatabase(db)).containsExactly(db + " (was rw-r--r--)", wal + " (was rw-rw-rw-)");

    assertThat(mode(data)).as("a folder that may hold other things is not changed").isEqualTo("rwxr-xr-x");
    assertThat(mode(db)).isEqualTo("rw-------");
    assertThat(mode(wal)).isEqualTo("rw-------");
  }

  @Test
  void whatIsAlreadyPrivateIsLeftAsItIsAndNotReported() throws IOException {
    Path data = Files.createDirectory(dir.resolve("data"));
    chmod(data, "rwx------");
    Path db = Files.writeString(data.resolve("apprentice.db"), "");
    chmod(db, "r--------");

    assertThat(PrivateFiles.openToOthers(data)).isNull();
    assertThat(PrivateFiles.secureDatabase(db)).isEmpty();
    assertThat(mode(db)).as("not widened to rw-------").isEqualTo("r--------");
    PrivateFiles.secureDirectory(dir.resolve("new"));
    assertThat(mode(dir.resolve("new"))).isEqualTo("rwx------");
  }
}
