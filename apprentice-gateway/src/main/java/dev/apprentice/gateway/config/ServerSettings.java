package dev.apprentice.gateway.config;

import java.util.Objects;

/**
 * Where the gateway listens ({@code server:}), the largest request body it accepts, and how many model calls it
 * serves at once ({@code max_concurrent_calls}, 0: no limit); past that, calls are shed with a fast 503.
 */
public record ServerSettings(String host, int port, long maxBodyBytes, int maxConcurrentCalls) {

  /** No limit on concurrent calls: shedding load is the operator's decision, sized to their upstreams. */
  public static final int UNLIMITED = 0;

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_MAX_BODY_BYTES = 8L * 1024 * 1024;

  public ServerSettings {
    Objects.requireNonNull(host, "host");
  }

  /** Settings without a limit on concurrent calls. */
  public ServerSettings(String host, int port, long maxBodyBytes) {
    this(host, port, maxBodyBytes, UNLIMITED);
  }

  public static ServerSettings defaults() {
    return new ServerSettings(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, UNLIMITED);
  }

  /** The same settings on another host and port. */
  public ServerSettings at(String newHost, int newPort) {
    return new ServerSettings(newHost, newPort, maxBodyBytes, maxConcurrentCalls);
  }
}
