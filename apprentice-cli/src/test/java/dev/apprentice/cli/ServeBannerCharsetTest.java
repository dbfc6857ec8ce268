package dev.apprentice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve}'s banner goes through the writer every command's standard output does, in UTF-8 whatever the locale.
 * Run as a separate process whose {@code System.out} writes ASCII, as it does under {@code LANG=C}: the charset of
 * {@code System.out} is fixed when a JVM starts.
 */
@Timeout(180) // a regression that never printed the banner would wait for it forever
class ServeBannerCharsetTest {

  @TempDir Path dir;

  @Test
  void theBannerPrintsAModelNameOutsideAsciiInUtf8UnderAnAsciiLocale() throws Exception {
    Path config = Files.writeString(dir.resolve("apprentice.yaml"), """
        providers: { sim: { type: simulator } }
        models: { écho: { targets: [ { provider: sim, model: sim-echo } ] } }
        """);
    Process serve = new ProcessBuilder(javaBinary(), "-Dstdout.encoding=US-ASCII", "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), "dev.apprentice.cli.Main", "serve", "--port", "0",
        "--data-dir", dir.resolve("data").toString(), "--config", config.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      assertThat(modelsLine(serve)).startsWith("    écho  ->  ");
    } finally {
      serve.destroy();
      if (!serve.waitFor(60, TimeUnit.SECONDS)) serve.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** The banner's line after {@code models:}, read as UTF-8 (null when the process ended before it). */
  private static String modelsLine(Process serve) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.equals("  models:")) return out.readLine();
    }
    return null;
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
