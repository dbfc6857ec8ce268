package dev.apprentice.local.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process ends (System.exit, as SIGTERM does) while the model runs and loads: ONNX Runtime's own shutdown hook,
 * which frees its environment, runs beside a hook that loads and runs the model again, and batches keep running on
 * the model's workers. The process must end cleanly, its hooks' work done, not crash in native code. Each round is a
 * process of its own ({@link #main}).
 */
class ProcessEndTest {

  private static final String DONE = "loaded and ran while the process ended";

  @TempDir
  Path nativeDir;
  @TempDir
  Path logs;

  @Test
  void aModelLoadingAndRunningWhileTheProcessEndsLetsItEndCleanly() throws Exception {
    for (int round = 0; round < 3; round++) {
      Path log = logs.resolve("round-" + round + ".log");
      // output to a file, not a pipe read to its end: a process that hangs is waited for within the limit, no longer
      Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "--enable-native-access=ALL-UNNAMED", "-XX:ErrorFile=" + logs.resolve("hs_err_%p.log"),
          "-XX:-CreateCoredumpOnCrash", "-cp", System.getProperty("java.class.path"), ProcessEndTest.class.getName(),
          nativeDir.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      boolean ended = process.waitFor(2, TimeUnit.MINUTES);
      if (!ended) process.destroyForcibly().waitFor();
      String output = Files.readString(log);

      assertThat(ended).as("ended within two minutes: " + output).isTrue();
      assertThat(process.exitValue()).as(output).isZero();
      assertThat(output).contains(DONE);
    }
  }

  /** Runs the model on two threads, then ends the process with a hook that loads and runs it three times more. */
  public static void main(String[] args) throws InterruptedException {
    Path nativeDir = Path.of(args[0]);
    MiniLmEmbedder running = MiniLmEmbedder.open(ModelSource.classpath(), nativeDir, EmbedderSettings.defaults());
    CountDownLatch ran = new CountDownLatch(2);
    for (int i = 0; i < 2; i++) {
      Thread.ofPlatform().daemon().start(() -> {
        while (true) {
          running.embed(List.of("Where is my card? ".repeat(40), "Refund me, please."));
          ran.countDown();
        }
      });
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (int i = 0; i < 3; i++) {
        try (MiniLmEmbedder late = MiniLmEmbedder.open(ModelSource.classpath(), nativeDir, EmbedderSettings.defaults())) {
          late.embed("Where is my card?");
        }
      }
      System.out.println(DONE);
    }));
    // a model that fails to run ends this process (non-zero) rather than leave it waiting
    if (!ran.await(1, TimeUnit.MINUTES)) throw new IllegalStateException("the model did not run within a minute");
    System.exit(0);
  }
}
