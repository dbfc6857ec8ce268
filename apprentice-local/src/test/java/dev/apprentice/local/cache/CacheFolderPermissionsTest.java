package dev.apprentice.local.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheFolderPermissionsTest {

  @TempDir Path dataDir;

  @Test
  void theCacheFolderMadeInADataDirectoryOthersCanReadIsPrivateToItsOwner() throws Exception {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x")); // a shared folder, say .
    CacheFixture fixture = new CacheFixture();

    try (LuceneResponseCache cache = fixture.open(dataDir.resolve("cache"))) {
      cache.store(CacheFixture.key("my card number is 4111 1111 1111 1111"), CacheFixture.answer("Noted."),
          CacheFixture.EXACT);
    }

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("cache"))))
        .as("cached prompts and answers are as private as the database").isEqualTo("rwx------");
  }

  @Test
  void aCacheFolderThatCannotBeMadeIsSaidToBeSoInWordsNotAsABarePath() throws Exception {
    Path inTheWay = Files.writeString(dataDir.resolve("cache"), "a file where the cache's folder goes");

    assertThatThrownBy(() -> new CacheFixture().open(inTheWay)).isInstanceOf(UncheckedIOException.class)
        .hasMessage("cannot open the response cache in " + inTheWay + ": " + inTheWay + " is a file, not a folder");
  }
}
