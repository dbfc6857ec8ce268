package dev.apprentice.server.http;

import dev.apprentice.server.GatewayMetrics;

/**
 * Counts one stream's failure ({@code apprentice_stream_failures_total}) at most once. A stream can fail twice over:
 * the upstream breaks (or the gateway has a defect), the error event is sent, and then ending the response fails
 * because the client has left meanwhile. That is one broken stream, counted under its first reason; counting the
 * departed client too would show two failures where there was one.
 */
final class StreamFailure {

  private final GatewayMetrics metrics;
  private final String api;
  private final String model;
  private boolean counted;

  StreamFailure(GatewayMetrics metrics, String api, String model) {
    this.metrics = metrics;
    this.api = api;
    this.model = model;
  }

  /** Counts the stream as failed for {@code reason}, unless it was counted already. Called by its serving thread. */
  void count(String reason) {
    if (counted) return;
    counted = true;
    metrics.streamFailed(api, model, reason);
  }
}
