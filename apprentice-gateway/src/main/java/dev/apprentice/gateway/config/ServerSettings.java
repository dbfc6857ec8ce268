package dev.apprentice.gateway.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Where the gateway listens ({@code server:}), the largest request body it accepts, how many model calls it serves at
 * once ({@code max_concurrent_calls}, 0: no limit; past that, calls are shed with a fast 503), the key
 * {@code /metrics} asks for ({@code metrics_key}; null: none, so that a Prometheus scraper needs no setup), and how
 * it treats connections: how long a read of a request waits for the client's next bytes ({@code read_timeout_ms}),
 * how long a connection may wait for its next request ({@code idle_timeout_ms}), and how many it holds open at once
 * ({@code max_connections}); and how many bytes of request bodies the model calls being served may hold at once
 * ({@code max_inflight_body_mb}, in bytes here; {@link #HEAP_SHARE}: a share of the heap, worked out at start).
 */
public record ServerSettings(String host, int port, long maxBodyBytes, int maxConcurrentCalls, String metricsKey,
    Duration readTimeout, Duration idleTimeout, int maxConnections, long maxInflightBodyBytes) {

  /** No limit on concurrent calls: shedding load is the operator's decision, sized to their upstreams. */
  public static final int UNLIMITED = 0;

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_MAX_BODY_BYTES = 8L * 1024 * 1024;
  /** Per read: a client that sends nothing of its request (line, headers, body) for this long is cut off. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
  /** A kept-alive connection without a request for this long is closed (AWS's load balancers wait as long). */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  /** Open connections at once; the server also holds it under half the process's open-file limit. */
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
  /**
   * The in-flight body budget when {@code max_inflight_body_mb} is not set: a share of the heap the server runs with
   * (see {@link #inflightBodyBytes}), since the right figure follows {@code -Xmx}, not the machine.
   */
  public static final long HEAP_SHARE = 0;
  /** The share of the maximum heap that bodies of calls in flight may hold by default: a sixteenth. */
  public static final int HEAP_SHARE_DIVISOR = 16;

  /** What {@link #toString} masks: settings end up in logs and assertion messages. */
  private static final Map<String, UnaryOperator<Object>> SECRETS = Map.of("metricsKey", SecretMask.KEY);

  public ServerSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (maxInflightBodyBytes < 0) throw new IllegalArgumentException("maxInflightBodyBytes must not be negative");
  }

  /** Settings without a limit on concurrent calls, with open metrics and the default connection handling. */
  public ServerSettings(String host, int port, long maxBodyBytes) {
    this(host, port, maxBodyBytes, UNLIMITED, null, DEFAULT_READ_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
        DEFAULT_MAX_CONNECTIONS, HEAP_SHARE);
  }

  /**
   * The bytes of request bodies the calls in flight may hold at once: {@code max_inflight_body_mb} when set, else a
   * sixteenth of {@code maxHeapBytes} (the JVM's {@code -Xmx}), and at least 1 MiB.
   */
  public long inflightBodyBytes(long maxHeapBytes) {
    return maxInflightBodyBytes != HEAP_SHARE ? maxInflightBodyBytes
        : Math.max(1_048_576L, maxHeapBytes / HEAP_SHARE_DIVISOR);
  }

  public static ServerSettings defaults() {
    return new ServerSettings(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES);
  }

  /** The same settings on another host and port. */
  public ServerSettings at(String newHost, int newPort) {
    return new ServerSettings(newHost, newPort, maxBodyBytes, maxConcurrentCalls, metricsKey, readTimeout,
        idleTimeout, maxConnections, maxInflightBodyBytes);
  }

  /** Every component, with the metrics key masked. */
  @Override
  public String toString() {
    return MaskedRecord.toString(this, SECRETS);
  }
}
