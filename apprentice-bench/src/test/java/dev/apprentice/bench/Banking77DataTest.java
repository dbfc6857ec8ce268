package dev.apprentice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Banking77DataTest {

  @Test
  void quotedFieldsKeepTheirCommasQuotesAndLineBreaks() {
    String csv = "text,category\r\n\"Hi, my \"\"new\"\" card\nis late\",card_arrival\r\nplain,exchange_rate\n";

    assertThat(Banking77Data.parse(csv)).containsExactly(
        List.of("text", "category"),
        List.of("Hi, my \"new\" card\nis late", "card_arrival"),
        List.of("plain", "exchange_rate"));
  }

  @Test
  void aLastRecordWithoutALineBreakIsKept() {
    assertThat(Banking77Data.parse("a,b\nc,d")).containsExactly(List.of("a", "b"), List.of("c", "d"));
  }

  @Test
  void aMissingFileIsNamedWithTheArgumentThatPointsElsewhere(@TempDir Path folder) {
    Path csv = folder.resolve("train.csv");

    assertThatThrownBy(() -> Banking77Data.read(csv)).isInstanceOf(BenchInput.Missing.class)
        .hasMessage("cannot read " + csv + ": no such file (the Banking77 train.csv: pass its folder or file as the"
            + " first argument)");
  }

  @Test
  void aFolderWhereTheFileShouldBeIsSaidToBeOneAsTheCliSaysIt(@TempDir Path folder) throws Exception {
    Path csv = java.nio.file.Files.createDirectory(folder.resolve("train.csv"));

    assertThatThrownBy(() -> Banking77Data.read(csv)).isInstanceOf(BenchInput.Missing.class)
        .hasMessage("cannot read " + csv + ": a folder, not a file (the Banking77 train.csv: pass its folder or file"
            + " as the first argument)");
  }
}
