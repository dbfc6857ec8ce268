package dev.apprentice.api.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DataFoldersTest {

  @Test
  void theFoldersKeepTheNamesExistingInstallsHaveOnDisk() {
    Path data = Path.of("data");

    assertThat(DataFolders.cache(data)).isEqualTo(Path.of("data", "cache"));
    assertThat(DataFolders.collections(data)).isEqualTo(Path.of("data", "collections"));
    assertThat(DataFolders.nativeLibraries(data)).isEqualTo(Path.of("data", "native"));
    assertThat(DataFolders.OWNED).containsExactly("cache", "collections", "native");
  }
}
