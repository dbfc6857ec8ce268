package dev.apprentice.api.trace;

/**
 * One upstream attempt of a traced call, with what it is booked at.
 *
 * @param index          0 for the first attempt
 * @param provider       the provider's configured name
 * @param upstreamModel  the model id the gateway asked the provider for
 * @param latencyMs      time from sending to the answer (streams: to the first token)
 * @param outcome        {@code ok}, or the failure kind in lower case ({@code rate_limited}, {@code timeout}, ...)
 * @param httpStatus     the upstream HTTP status, 0 when there was none
 * @param error          the failure message, null when the attempt succeeded
 * @param inputTokens    the prompt tokens this attempt is booked for: the answer's, or, for an attempt given up after
 *                       its request was sent, the prompt counted locally; 0 when it costs nothing
 * @param outputTokens   the completion tokens this attempt is booked for (of an answer, or what a cut stream relayed)
 * @param costUsd        what this attempt is booked at; a call's cost is the sum over its attempts (an embedding
 *                       call's too: its answer on the attempt that answered, its inputs on each given-up one)
 * @param costEstimated  true when the tokens were counted locally rather than reported by the provider (an attempt
 *                       given up after its request was sent, an answer without usage, a stream cut short)
 * @param startedMs      when the attempt began, in milliseconds after the call's start ({@link TraceRecord#startedAt});
 *                       null when that is not known (a trace written before attempts carried their start)
 */
public record AttemptRecord(int index, String provider, String upstreamModel, double latencyMs, String outcome,
    int httpStatus, String error, int inputTokens, int outputTokens, double costUsd, boolean costEstimated,
    Double startedMs) {

  /** An attempt whose start is not known (a trace written before attempts carried their start). */
  public AttemptRecord(int index, String provider, String upstreamModel, double latencyMs, String outcome,
      int httpStatus, String error, int inputTokens, int outputTokens, double costUsd, boolean costEstimated) {
    this(index, provider, upstreamModel, latencyMs, outcome, httpStatus, error, inputTokens, outputTokens, costUsd,
        costEstimated, null);
  }

  /** An attempt booked at nothing (an error answer, a trace written before attempts carried their cost). */
  public AttemptRecord(int index, String provider, String upstreamModel, double latencyMs, String outcome,
      int httpStatus, String error) {
    this(index, provider, upstreamModel, latencyMs, outcome, httpStatus, error, 0, 0, 0, false, null);
  }

  public boolean succeeded() {
    return "ok".equals(outcome);
  }
}
