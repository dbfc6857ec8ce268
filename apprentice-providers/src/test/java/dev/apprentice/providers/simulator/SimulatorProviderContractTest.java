package dev.apprentice.providers.simulator;

import dev.apprentice.api.ChatProvider;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.testing.ChatProviderContract;
import java.util.Map;

/**
 * The shared provider contract against the simulator: replies are scripted through fixed-mode settings, faults
 * through probabilities of 1, and a tool call through {@code tool_choice} and the {@code sim_tool_*} metadata.
 */
class SimulatorProviderContractTest extends ChatProviderContract {

  private final FakeSleeper sleeper = new FakeSleeper();
  private SimulatorSettings settings = SimulatorSettings.defaults();
  private Map<String, Object> toolScript;

  @Override
  protected ChatProvider provider() {
    return new SimulatorProvider("sim", settings, sleeper);
  }

  @Override
  protected void scriptReply(String text) {
    settings = settings.withMode(SimulatorSettings.FIXED, text);
  }

  @Override
  protected void scriptToolCall(String id, String name, String argumentsJson) {
    toolScript = Map.of("name", name, "sim_tool_call_id", id, "sim_tool_arguments", argumentsJson);
  }

  @Override
  protected ChatRequest toolRequest() {
    ChatRequest r = super.toolRequest();
    if (toolScript == null) return r;
    Object choice = Map.of("type", "function", "function", Map.of("name", toolScript.get("name")));
    Map<String, Object> metadata = Map.of("sim_tool_call_id", toolScript.get("sim_tool_call_id"),
        "sim_tool_arguments", toolScript.get("sim_tool_arguments"));
    return r.toBuilder().toolChoice(choice).metadata(metadata).build();
  }

  @Override
  protected void scriptFault(Fault fault) {
    SimulatorFaults faults = switch (fault) {
      case RATE_LIMITED -> new SimulatorFaults(1, 0, 0, 0, 0, 0, 7);
      case SERVER_ERROR, HTML_ERROR_PAGE -> new SimulatorFaults(0, 1, 0, 0, 0, 0, 1);
      case CONNECTION_RESET -> new SimulatorFaults(0, 0, 1, 0, 0, 0, 1);
      case MALFORMED_BODY -> new SimulatorFaults(0, 0, 0, 0, 1, 0, 1);
      case TRUNCATED_STREAM -> new SimulatorFaults(0, 0, 0, 0, 0, 1, 1);
    };
    settings = settings.withFaults(faults);
  }
}
