package dev.apprentice.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.apprentice.cli.CommandRun;
import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ConfigLoader;
import dev.apprentice.server.ApprenticeServer;
import dev.apprentice.server.DataDirServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval run} without {@code --url} runs the gateway in its own process, with a budget ledger and rate limits of
 * its own: it holds the data directory while it runs, so that neither a second such run nor a server starts there
 * beside it (a tenant's calls through both could pass its budget). Commands that work on the store directly go on
 * working beside a run or a server.
 */
class EvalHoldsTheDataDirectoryTest {

  private static final long PID = ProcessHandle.current().pid();
  private static final String ANSWER = """
      {"id":"c1","object":"chat.completion","created":0,"model":"m","choices":[{"index":0,"message":\
      {"role":"assistant","content":"card_arrival"},"finish_reason":"stop"}],\
      "usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}""";

  @TempDir
  Path dir;

  private Path data;
  private Path configFile;

  private CommandRun eval(Path suite, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("eval", "run", suite.toString(), "--config",
        configFile.toString(), "--data-dir", data.toString(), "--no-progress"));
    args.addAll(List.of(more));
    return EvalFixture.cli(args.toArray(String[]::new));
  }

  private Path suite() throws Exception {
    EvalFixture.writeItems(dir);
    configFile = EvalFixture.writeConfig(dir);
    data = Files.createDirectories(dir.resolve("data"));
    return EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "pilot_items: 0");
  }

  private ApprenticeServer startServer() throws Exception {
    ApprenticeConfig config = ConfigLoader.load(configFile, Map.of()).withServer("127.0.0.1", 0)
        .withDataDir(data.toString());
    return ApprenticeServer.start(config, Map.of(), "admin-key", Clock.systemUTC());
  }

  @Test
  void aSecondRunWithItsOwnGatewayIsRefusedBeforeAnyCallNamingThePidAndHowToRunRunsSideBySide() throws Exception {
    Path suite = suite();
    try (DataDirServer.Hold first = DataDirServer.claim(data, DataDirServer.Holder.EVAL_RUN).orElseThrow()) {

      CommandRun second = eval(suite);

      assertThat(second.exit()).isEqualTo(2);
      assertThat(second.out()).isEmpty();
      assertThat(second.err()).startsWith("apprentice: another evaluation run with its own gateway (pid " + PID
          + ") holds the data directory " + data.toRealPath() + ": two such runs would keep two budget ledgers")
          .contains("start 'apprentice serve' on this data directory and give each run --url").hasLineCount(1);
    }
    assertThat(EvalFixture.cli("eval", "list", "--data-dir", data.toString()).out())
        .contains("no evaluation runs yet");
  }

  @Test
  void whileARunCallsItsGatewayItHoldsTheDataDirectoryAndAServerStartingThereIsRefusedNamingItsPid()
      throws Exception {
    Path suite = suite();
    AtomicReference<Optional<DataDirServer.Found>> heldBy = new AtomicReference<>();
    AtomicReference<Throwable> serverRefused = new AtomicReference<>();
    HttpServer upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    upstream.createContext("/v1/chat/completions", exchange -> {
      if (heldBy.get() == null) {
        // the first call of the run: its gateway is running
        heldBy.set(DataDirServer.find(data));
        try {
          startServer().close();
        } catch (Throwable e) {
          serverRefused.set(e);
        }
      }
      exchange.getRequestBody().readAllBytes();
      byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("content-type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    upstream.start();
    try {
      configFile = Files.writeString(configFile, Files.readString(configFile)
          .replace("sim: { type: simulator }", "sim: { type: openai, base_url: \"http://127.0.0.1:"
              + upstream.getAddress().getPort() + "/v1\", api_key: sk-test }")
          .replace("model: sim-echo", "model: gpt-test"));

      CommandRun run = eval(suite);

      assertThat(run.exit()).as(run.out() + run.err()).isZero();
    } finally {
      upstream.stop(0);
    }
    assertThat(heldBy.get()).contains(new DataDirServer.Found(DataDirServer.Holder.EVAL_RUN, null, PID));
    assertThat(serverRefused.get()).isInstanceOf(DataDirServer.HeldElsewhere.class).hasMessageStartingWith(
        "an evaluation run with its own gateway (apprentice eval run, pid " + PID + ") holds the data directory "
            + data.toRealPath());
    assertThat(DataDirServer.find(data)).as("let go when the run ended").isEmpty();
    assertThat(data.resolve(DataDirServer.ADDRESS_FILE)).doesNotExist();
  }

  @Test
  void commandsThatWorkOnTheStoreDirectlyKeepWorkingBesideAServerAndBesideARun() throws Exception {
    suite();
    Path rows = Files.writeString(dir.resolve("rows.jsonl"), "{\"input\": \"hello\", \"expected\": \"hi\"}\n");
    try (ApprenticeServer server = startServer()) {
      assertWorkBeside(rows, "beside-server");
      assertThatThrownBy(() -> DataDirServer.claim(data, DataDirServer.Holder.EVAL_RUN))
          .isInstanceOf(DataDirServer.HeldElsewhere.class);
    }
    try (DataDirServer.Hold run = DataDirServer.claim(data, DataDirServer.Holder.EVAL_RUN).orElseThrow()) {
      assertWorkBeside(rows, "beside-run");
    }
  }

  private void assertWorkBeside(Path rows, String name) {
    String d = data.toString();
    for (String[] command : new String[][] {
        {"keys", "create", "--tenant", name, "--data-dir", d}, {"keys", "list", "--data-dir", d},
        {"traces", "list", "--data-dir", d}, {"costs", "--data-dir", d},
        {"datasets", "import", name, "--file", rows.toString(), "--data-dir", d},
        {"datasets", "list", "--data-dir", d}, {"eval", "list", "--data-dir", d}}) {
      CommandRun run = EvalFixture.cli(command);
      assertThat(run.exit()).as(String.join(" ", command) + ": " + run.out() + run.err()).isZero();
    }
    assertThat(EvalFixture.cli("keys", "list", "--data-dir", d).out()).contains(name);
  }
}
