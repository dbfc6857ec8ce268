package dev.apprentice.api.trace;

/**
 * One upstream attempt of a traced call.
 *
 * @param index         0 for the first attempt
 * @param provider      the provider's configured name
 * @param upstreamModel the model id the gateway asked the provider for
 * @param latencyMs     time from sending to the answer (streams: to the first token)
 * @param outcome       {@code ok}, or the failure kind in lower case ({@code rate_limited}, {@code timeout}, ...)
 * @param httpStatus    the upstream HTTP status, 0 when there was none
 * @param error         the failure message, null when the attempt succeeded
 */
public record AttemptRecord(int index, String provider, String upstreamModel, double latencyMs, String outcome,
    int httpStatus, String error) {

  public boolean succeeded() {
    return "ok".equals(outcome);
  }
}
