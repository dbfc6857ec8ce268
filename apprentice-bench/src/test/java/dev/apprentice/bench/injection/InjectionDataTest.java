package dev.apprentice.bench.injection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.bench.BenchInput;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InjectionDataTest {

  @Test
  void aDataFolderWithoutTheProtocolsFoldersIsRefusedNamingTheFirstMissingOne(@TempDir Path root) throws Exception {
    Files.createDirectory(root.resolve("injecguard"));

    assertThatThrownBy(() -> InjectionData.requireProtocol(root)).isInstanceOf(BenchInput.Missing.class)
        .hasMessage("no InjecGuard bipia/ folder at " + root.resolve("bipia")
            + " (pass --data DIR, the prompt-injection folder)");
  }

  @Test
  void aDataFolderWithBothProtocolFoldersIsAccepted(@TempDir Path root) throws Exception {
    Files.createDirectory(root.resolve("injecguard"));
    Files.createDirectory(root.resolve("bipia"));

    assertThat(InjectionData.requireProtocol(root)).isEqualTo(root);
  }
}
