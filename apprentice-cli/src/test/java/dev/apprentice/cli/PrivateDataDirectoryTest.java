package dev.apprentice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateDataDirectoryTest {

  @TempDir Path dir;

  private String secure(Path data) {
    ApprenticeConfig config = ConfigLoader.defaults(Map.of()).withDataDir(data.toString());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrivateDataDirectory.secure(config, new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    return err.toString(StandardCharsets.UTF_8);
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  @Test
  void aDataDirectoryThatCannotBeMadeIsRefusedSayingWhyInWordsNotABarePath() throws IOException {
    Path file = Files.writeString(dir.resolve("data"), "a file");

    assertThatThrownBy(() -> secure(file.resolve("inner")))
        .hasMessage("cannot create the data directory " + file.resolve("inner") + ": " + file
            + " is a file, not a folder");
  }

  @Test
  void aDatabaseOthersCouldReadIsMadePrivateAtStartAndAnOpenDataDirectoryIsNamedButLeftAsItIs() throws IOException {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions only");
    Path data = Files.createDirectory(dir.resolve(".apprentice"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Path db = Files.writeString(data.resolve("apprentice.db"), "");
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));

    String notice = secure(data);

    assertThat(notice).isEqualTo("apprentice: notice: made private to this user, as they hold prompts, answers and"
        + " key hashes: " + db + " (was rw-r--r--)" + System.lineSeparator()
        + "apprentice: notice: the data directory " + data + " is open to other users (rwxr-xr-x): its reports,"
        + " indexes and models are readable to them; 'chmod 700 " + data + "' makes it private"
        + System.lineSeparator());
    assertThat(mode(data)).as("it may be a folder shared with other things: not changed").isEqualTo("rwxr-xr-x");
    assertThat(mode(db)).isEqualTo("rw-------");
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
    assertThat(secure(data)).as("nothing left to change or name").isEmpty();
  }

  @Test
  void theServersOwnFoldersMadeBeforeTheyWerePrivateAreTightenedOnceAndTheDataDirectoryIsLeftAsItIs()
      throws IOException {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions only");
    Path data = Files.createDirectory(dir.resolve(".apprentice"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
    Path cache = open(data.resolve("cache"));
    Path collections = open(data.resolve("collections"));
    Path nativeLibraries = open(data.resolve("native"));
    Path other = open(data.resolve("reports"));

    String notice = secure(data);

    assertThat(notice).isEqualTo("apprentice: notice: made the server's folders private to this user, as they hold"
        + " cached answers, indexed documents and the native libraries it loads: " + cache + " (was rwxr-xr-x), "
        + collections + " (was rwxr-xr-x), " + nativeLibraries + " (was rwxr-xr-x)" + System.lineSeparator());
    assertThat(mode(cache)).isEqualTo("rwx------");
    assertThat(mode(collections)).isEqualTo("rwx------");
    assertThat(mode(nativeLibraries)).isEqualTo("rwx------");
    assertThat(mode(other)).as("not a folder the server owns").isEqualTo("rwxr-xr-x");
    assertThat(secure(data)).as("said once: nothing left to change").isEmpty();
  }

  @Test
  void theServersFoldersAreTightenedInsideADataDirectoryOthersCanReadWhichIsOnlyNamed() throws IOException {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions only");
    Path data = open(dir.resolve("shared"));
    Path cache = open(data.resolve("cache"));

    String notice = secure(data);

    assertThat(notice).contains(cache + " (was rwxr-xr-x)").contains("the data directory " + data + " is open");
    assertThat(mode(cache)).isEqualTo("rwx------");
    assertThat(mode(data)).isEqualTo("rwxr-xr-x");
  }

  private static Path open(Path folder) throws IOException {
    Files.createDirectories(folder);
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    return folder;
  }

  @Test
  void aMissingDataDirectoryIsCreatedPrivateWithoutANotice() throws IOException {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions only");

    assertThat(secure(dir.resolve("fresh"))).isEmpty();
    assertThat(mode(dir.resolve("fresh"))).isEqualTo("rwx------");
  }
}
