package dev.apprentice.cli;

import dev.apprentice.providers.simulator.SimulatorFaults;
import dev.apprentice.providers.simulator.SimulatorSettings;
import dev.apprentice.server.SimulatorServer;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code apprentice simulator}: the deterministic fake LLM as a standalone OpenAI-compatible server. */
@Command(name = "simulator", mixinStandardHelpOptions = true,
    description = "Run the simulator as a standalone OpenAI-compatible server (for load and fault tests).")
public final class SimulatorCommand implements Callable<Integer> {

  private static final java.util.List<String> FAULTS = java.util.List.of(
      "rate_limit", "server_error", "connection_reset", "timeout", "malformed_json", "truncated_stream");

  @Spec CommandSpec spec;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default: ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--port", defaultValue = "9001", description = "port (default: ${DEFAULT-VALUE}; 0 picks a free one)")
  int port;

  @Option(names = "--mode", defaultValue = "echo", description = "reply mode: echo, fixed or lorem (default: ${DEFAULT-VALUE})")
  String mode;

  @Option(names = "--text", description = "the reply of mode 'fixed'")
  String text;

  @Option(names = "--lorem-tokens", defaultValue = "50", description = "reply length of mode 'lorem' (default: ${DEFAULT-VALUE})")
  int loremTokens;

  @Option(names = "--ttft-ms", defaultValue = "0", description = "time to first token in ms (default: ${DEFAULT-VALUE})")
  long ttftMs;

  @Option(names = "--tokens-per-second", defaultValue = "0", description = "token pace; 0 sends all at once (default: ${DEFAULT-VALUE})")
  double tokensPerSecond;

  @Option(names = "--seed", description = "seed for replies and fault draws")
  Long seed;

  @Option(names = "--fault", paramLabel = "NAME=P", description = "fault probability, repeatable: rate_limit, server_error, connection_reset, timeout, malformed_json, truncated_stream")
  java.util.Map<String, Double> faults = new java.util.HashMap<>();

  @Override
  public Integer call() throws Exception {
    // bad usage exits 2, as in every other command
    if (port < 0 || port > 65535) throw usage("--port must be between 0 and 65535 (0 picks a free one)");
    if (!java.util.List.of("echo", "fixed", "lorem").contains(mode)) throw usage("--mode must be echo, fixed or lorem");
    for (var entry : faults.entrySet()) {
      if (!FAULTS.contains(entry.getKey())) {
        throw usage("unknown fault '" + entry.getKey() + "'; known: " + String.join(", ", FAULTS));
      }
      if (entry.getValue() < 0 || entry.getValue() > 1) throw usage("--fault " + entry.getKey() + " must be between 0 and 1");
    }
    SimulatorFaults faultSettings = new SimulatorFaults(p("rate_limit"), p("server_error"), p("connection_reset"),
        p("timeout"), p("malformed_json"), p("truncated_stream"), 1);
    SimulatorSettings settings = new SimulatorSettings(mode, text, loremTokens, Duration.ofMillis(ttftMs),
        tokensPerSecond, faultSettings, seed);
    SimulatorServer server = SimulatorServer.start(host, port, settings);
    UntilStopped.await(server, "simulator", () -> {
      spec.commandLine().getOut().println("Apprentice simulator serving on http://" + host + ":" + server.port()
          + "/v1 (mode " + mode + ")");
    });
    return 0;
  }

  private double p(String name) {
    return faults.getOrDefault(name, 0.0);
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
