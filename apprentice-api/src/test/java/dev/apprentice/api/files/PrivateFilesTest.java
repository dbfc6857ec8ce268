package dev.apprentice.api.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

  private static Path folder(Path path, String mode) throws IOException {
    Files.createDirectories(path);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
    return path;
  }

  @Test
  void missingFoldersAreCreatedOwnerOnlyInsideAFolderOthersCanRead() throws IOException {
    Path shared = folder(dir.resolve("shared"), "rwxr-xr-x");

    Path made = PrivateFiles.createDirectories(shared.resolve("cache/index"));

    assertThat(made).isEqualTo(shared.resolve("cache/index"));
    assertThat(mode(shared.resolve("cache"))).isEqualTo("rwx------");
    assertThat(mode(made)).isEqualTo("rwx------");
    assertThat(mode(shared)).as("already there: left as it is").isEqualTo("rwxr-xr-x");
  }

  @Test
  void anOwnedFolderOthersCanReachIsTightenedAndReportedButWhatIsInsideIsLeft() throws IOException {
    Path cache = folder(dir.resolve("cache"), "rwxr-xr-x");
    Path inside = folder(cache.resolve("segments"), "rwxrwxr-x");

    assertThat(PrivateFiles.secureFolder(cache)).contains(cache + " (was rwxr-xr-x)");

    assertThat(mode(cache)).isEqualTo("rwx------");
    assertThat(mode(inside)).as("out of others' reach through its folder").isEqualTo("rwxrwxr-x");
    assertThat(PrivateFiles.secureFolder(cache)).as("nothing left to change").isEmpty();
  }

  @Test
  void aMissingFolderAndALinkToAFolderAreLeftAlone() throws IOException {
    Path elsewhere = folder(dir.resolve("elsewhere"), "rwxr-xr-x");
    Path link = Files.createSymbolicLink(dir.resolve("native"), elsewhere);

    assertThat(PrivateFiles.secureFolder(dir.resolve("missing"))).isEmpty();
    assertThat(PrivateFiles.secureFolder(link)).isEmpty();
    assertThat(mode(elsewhere)).isEqualTo("rwxr-xr-x");
    assertThat(dir.resolve("missing")).doesNotExist();
  }
}
