package dev.apprentice.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.store.Store;
import dev.apprentice.store.TraceQuery;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hard requirement: a SIGTERM under load loses no completed call's trace. The gateway runs as a real
 * child process ({@code apprentice serve}); calls refused or cut off by the shutdown are fine, a call answered 200
 * whose trace is not in the store afterwards is the failure. And a stop asked for (SIGTERM, Ctrl-C) ends with status
 * 0, as the README says, not the JVM's 143 or 130, which a supervisor reads as a failure.
 */
class ShutdownTest {

  private static final int CLIENTS = 16;
  private static final int ENOUGH_CALLS = 500;
  private static final String BANNER = "Apprentice gateway is serving on";

  @TempDir
  Path dir;

  @Test
  void aSigtermUnderLoadLosesNoCompletedCallsTrace() throws Exception {
    Path config = Files.writeString(dir.resolve("apprentice.yaml"), """
        providers:
          sim: { type: simulator, mode: echo, ttft_ms: 20 }
        models:
          sim-echo: { targets: [ { provider: sim, model: sim-echo } ] }
        """);
    Path data = dir.resolve("data");
    int port = freePort();
    Process gateway = serve(config, data, port);
    ProcessOutput output = new ProcessOutput(gateway);
    Set<String> completed = ConcurrentHashMap.newKeySet();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    AtomicBoolean stop = new AtomicBoolean();
    try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build()) {
      assertThat(output.banner.await(120, TimeUnit.SECONDS)).as("banner; output:%n%s", output).isTrue();
      HttpRequest call = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
          .timeout(Duration.ofSeconds(60)).header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(
              "{\"model\":\"sim-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"count me\"}]}"))
          .build();
      for (int i = 0; i < CLIENTS; i++) clients.submit(() -> callUntilStopped(http, call, stop, completed));

      awaitLoad(completed);
      gateway.destroy(); // SIGTERM on Linux, while the clients keep calling
      boolean exited = gateway.waitFor(120, TimeUnit.SECONDS);
      stop.set(true);
      clients.shutdown();
      assertThat(clients.awaitTermination(120, TimeUnit.SECONDS)).as("clients finished").isTrue();
      assertThat(exited).as("gateway exited after SIGTERM; output:%n%s", output).isTrue();
    } finally {
      stop.set(true);
      clients.shutdownNow();
      if (gateway.isAlive()) gateway.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    Set<String> stored = new HashSet<>();
    try (Store store = Store.open("jdbc:sqlite:" + data.resolve("apprentice.db"))) {
      store.traces().export(TraceQuery.all(), trace -> stored.add(trace.id()));
    }
    Set<String> lost = new HashSet<>(completed);
    lost.removeAll(stored);
    assertThat(completed).as("calls answered 200 before the gateway stopped").hasSizeGreaterThanOrEqualTo(ENOUGH_CALLS);
    assertThat(lost).as("completed calls without a stored trace (of %d completed); gateway output:%n%s",
        completed.size(), output).isEmpty();
  }

  @Test
  void aSigtermEndsServeWithStatusZero() throws Exception {
    assertThat(stoppedBy("TERM")).as("exit status after SIGTERM").isZero();
  }

  /**
   * Ctrl-C, unless this build was started with SIGINT ignored (a background job of a script: a CI runner's
   * {@code cmd &}), which every child inherits and no process can undo; then the README's other promise is what holds:
   * an ignored Ctrl-C stays ignored (checked in {@link #stoppedBy}), and SIGTERM ends the process with 0.
   */
  @Test
  void aCtrlCEndsServeWithStatusZero() throws Exception {
    assertThat(stoppedBy(ignoresInterrupts(ProcessHandle.current().pid()) ? "TERM" : "INT"))
        .as("exit status after SIGINT").isZero();
  }

  /** Starts {@code serve}, sends it {@code signal} once it serves, and returns its exit status. */
  private int stoppedBy(String signal) throws Exception {
    Path config = Files.writeString(dir.resolve("apprentice.yaml"), """
        providers: { sim: { type: simulator } }
        models: { sim-echo: { targets: [ { provider: sim, model: sim-echo } ] } }
        """);
    Process gateway = serve(config, dir.resolve("data"), freePort());
    ProcessOutput output = new ProcessOutput(gateway);
    try {
      assertThat(output.banner.await(120, TimeUnit.SECONDS)).as("banner; output:%n%s", output).isTrue();
      if (ignoresInterrupts(ProcessHandle.current().pid())) {
        assertThat(ignoresInterrupts(gateway.pid())).as("serve keeps an inherited ignored SIGINT ignored").isTrue();
      }
      Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(gateway.pid())).inheritIO().start();
      assertThat(kill.waitFor()).as("kill -%s", signal).isZero();
      assertThat(gateway.waitFor(120, TimeUnit.SECONDS)).as("exited; output:%n%s", output).isTrue();
      return gateway.exitValue();
    } finally {
      if (gateway.isAlive()) gateway.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** Whether the process ignores SIGINT, from its {@code SigIgn} mask in {@code /proc} (bit 1 is signal 2). */
  private static boolean ignoresInterrupts(long pid) throws IOException {
    Path status = Path.of("/proc", String.valueOf(pid), "status");
    if (!Files.isReadable(status)) return false;
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 0x2) != 0;
    }
    return false;
  }

  private static Process serve(Path config, Path data, int port) throws IOException {
    return new ProcessBuilder(javaBinary(), "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), "dev.apprentice.cli.Main", "serve",
        "--port", String.valueOf(port), "--data-dir", data.toString(), "--config", config.toString())
        .redirectErrorStream(true).start();
  }

  /** At least two seconds of calls and some hundreds completed (a shared machine may need longer to get there). */
  private static void awaitLoad(Set<String> completed) throws InterruptedException {
    Thread.sleep(2_000);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (completed.size() < ENOUGH_CALLS && System.nanoTime() < deadline) Thread.sleep(100);
  }

  private static void callUntilStopped(HttpClient http, HttpRequest call, AtomicBoolean stop, Set<String> completed) {
    while (!stop.get()) {
      try {
        HttpResponse<String> answer = http.send(call, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200) {
          completed.add(answer.headers().firstValue("x-apprentice-trace-id").orElseThrow());
        }
      } catch (IOException refusedOrCut) {
        pause();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Reads the child's output on a daemon thread, keeping it for failure messages and noticing the banner. */
  private static final class ProcessOutput {

    final CountDownLatch banner = new CountDownLatch(1);
    private final List<String> lines = new ArrayList<>();

    ProcessOutput(Process process) {
      Thread.ofPlatform().daemon(true).name("gateway-output").start(() -> {
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            synchronized (lines) {
              lines.add(line);
            }
            if (line.startsWith(BANNER)) banner.countDown();
          }
        } catch (IOException ended) {
          // the process is gone
        }
      });
    }

    @Override
    public String toString() {
      synchronized (lines) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
      }
    }
  }
}
