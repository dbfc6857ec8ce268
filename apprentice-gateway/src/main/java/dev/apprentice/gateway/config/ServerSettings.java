package dev.apprentice.gateway.config;

import java.util.Objects;

/**
 * Where the gateway listens ({@code server:}), the largest request body it accepts, how many model calls it serves at
 * once ({@code max_concurrent_calls}, 0: no limit; past that, calls are shed with a fast 503), and the key
 * {@code /metrics} asks for ({@code metrics_key}; null: none, so that a Prometheus scraper needs no setup).
 */
public record ServerSettings(String host, int port, long maxBodyBytes, int maxConcurrentCalls, String metricsKey) {

  /** No limit on concurrent calls: shedding load is the operator's decision, sized to their upstreams. */
  public static final int UNLIMITED = 0;

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_MAX_BODY_BYTES = 8L * 1024 * 1024;

  public ServerSettings {
    Objects.requireNonNull(host, "host");
  }

  /** Settings without a limit on concurrent calls, with open metrics. */
  public ServerSettings(String host, int port, long maxBodyBytes) {
    this(host, port, maxBodyBytes, UNLIMITED, null);
  }

  public static ServerSettings defaults() {
    return new ServerSettings(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, UNLIMITED, null);
  }

  /** The same settings on another host and port. */
  public ServerSettings at(String newHost, int newPort) {
    return new ServerSettings(newHost, newPort, maxBodyBytes, maxConcurrentCalls, metricsKey);
  }

  /** Without the metrics key itself: settings end up in logs and assertion messages. */
  @Override
  public String toString() {
    return "ServerSettings[host=" + host + ", port=" + port + ", maxBodyBytes=" + maxBodyBytes + ", maxConcurrentCalls="
        + maxConcurrentCalls + ", metricsKey=" + (metricsKey == null ? null : SecretMask.mask(metricsKey)) + "]";
  }
}
