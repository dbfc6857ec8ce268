package dev.apprentice.local.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibrariesFolderTest {

  /** What {@link NativeLibraries} reads and sets: set here beforehand, so that this JVM's settings stay as they were. */
  private static final String[] SETTINGS = {"ENGINE_CACHE_DIR", "ai.djl.offline", "OPT_OUT_TRACKING", "jna.tmpdir",
      "onnxruntime.native.path"};

  @TempDir Path dataDir;

  @Test
  void theNativeFolderMadeInADataDirectoryOthersCanReadIsPrivateToItsOwner() throws Exception {
    assumeTrue(dataDir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions only");
    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x")); // a shared folder, say .
    Map<String, String> before = new HashMap<>();
    for (String key : SETTINGS) {
      before.put(key, System.getProperty(key));
      if (System.getProperty(key) == null) System.setProperty(key, "kept");
    }
    try {
      NativeLibraries.useDirectory(dataDir.resolve("native"));
    } finally {
      before.forEach((key, value) -> {
        if (value == null) System.clearProperty(key);
        else System.setProperty(key, value);
      });
    }

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("native"))))
        .as("a library others could write there would run inside the server").isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("native/jna"))))
        .isEqualTo("rwx------");
  }
}
