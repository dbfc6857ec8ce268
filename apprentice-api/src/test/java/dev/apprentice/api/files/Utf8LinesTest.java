package dev.apprentice.api.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Utf8LinesTest {

  @TempDir Path dir;

  @Test
  void aFileThatIsUtf8ThroughoutHasNoBadLine() throws Exception {
    Path file = Files.writeString(dir.resolve("ok.txt"), "caf\u00e9\n\u00e9t\u00e9 \ud83d\ude00\n");

    assertThat(Utf8Lines.firstBadLine(file)).isZero();
  }

  @Test
  void theBadLineIsFoundPastTheReadersBufferAndACharacterCutByItIsNotTakenForOne() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < 30_000; i++) bytes.writeBytes("\u00e9\u00e9\u00e9\n".getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes("caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    Path file = Files.write(dir.resolve("mixed.txt"), bytes.toByteArray());

    assertThat(Utf8Lines.firstBadLine(file)).isEqualTo(30_001);
  }

  @Test
  void aFileCutInsideItsLastCharacterIsBadOnItsLastLine() throws Exception {
    byte[] whole = "one\ntwo \u00e9".getBytes(StandardCharsets.UTF_8);
    Path file = Files.write(dir.resolve("cut.txt"), java.util.Arrays.copyOf(whole, whole.length - 1));

    assertThat(Utf8Lines.firstBadLine(file)).isEqualTo(2);
  }

  @Test
  void theRefusalNamesTheLineAndWithoutOneTheFile() throws Exception {
    Path bad = Files.write(dir.resolve("bad.jsonl"), "{}\n{\"a\": \"caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1));

    assertThat(Utf8Lines.refusal(bad, "bad.jsonl"))
        .isEqualTo("bad.jsonl line 2: not UTF-8 text (the file must be UTF-8 throughout)");
    assertThat(Utf8Lines.refusal(dir.resolve("gone.jsonl"))).isEqualTo(dir.resolve("gone.jsonl") + " is not UTF-8 text");
  }
}
