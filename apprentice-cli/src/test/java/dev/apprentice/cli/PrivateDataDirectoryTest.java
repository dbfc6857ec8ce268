package dev.apprentice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
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
    PrivateDataDirectory.secure(config, new PrintStream(err, true, StandardCharsets.UTF_8));
    return err.toString(StandardCharsets.UTF_8);
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
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
  void aMissingDataDirectoryIsCreatedPrivateWithoutANotice() throws IOException {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions only");

    assertThat(secure(dir.resolve("fresh"))).isEmpty();
    assertThat(mode(dir.resolve("fresh"))).isEqualTo("rwx------");
  }
}
