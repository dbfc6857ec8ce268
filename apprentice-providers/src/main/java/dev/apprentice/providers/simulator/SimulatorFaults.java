package dev.apprentice.providers.simulator;

/**
 * How often the simulator fails, and how: each field is the probability (0..1) of one fault per request. One uniform
 * draw picks at most one fault, in the order of the fields, so probabilities summing to at most 1 are exact.
 *
 * @param retryAfterSeconds the {@code Retry-After} a simulated rate limit carries
 */
public record SimulatorFaults(
    double rateLimit,
    double serverError,
    double connectionReset,
    double timeout,
    double malformedJson,
    double truncatedStream,
    int retryAfterSeconds) {

  public SimulatorFaults {
    check("rate_limit", rateLimit);
    check("server_error", serverError);
    check("connection_reset", connectionReset);
    check("timeout", timeout);
    check("malformed_json", malformedJson);
    check("truncated_stream", truncatedStream);
    if (retryAfterSeconds < 0) throw new IllegalArgumentException("retry_after_seconds must not be negative");
  }

  /** No faults at all; a Retry-After of one second should one be forced per request. */
  public static SimulatorFaults none() {
    return new SimulatorFaults(0, 0, 0, 0, 0, 0, 1);
  }

  /** True when any fault has a chance to happen. */
  public boolean any() {
    return rateLimit + serverError + connectionReset + timeout + malformedJson + truncatedStream > 0;
  }

  /** The fault a uniform draw in [0, 1) selects. */
  public Simulation.Fault pick(double draw) {
    double bound = rateLimit;
    if (draw < bound) return Simulation.Fault.RATE_LIMIT;
    if (draw < (bound += serverError)) return Simulation.Fault.SERVER_ERROR;
    if (draw < (bound += connectionReset)) return Simulation.Fault.CONNECTION_RESET;
    if (draw < (bound += timeout)) return Simulation.Fault.TIMEOUT;
    if (draw < (bound += malformedJson)) return Simulation.Fault.MALFORMED_JSON;
    if (draw < bound + truncatedStream) return Simulation.Fault.TRUNCATED_STREAM;
    return Simulation.Fault.NONE;
  }

  private static void check(String name, double probability) {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException(name + " must be a probability between 0 and 1, not " + probability);
    }
  }
}
