package dev.apprentice.gateway.config;

import java.util.Objects;

/** Where the gateway listens ({@code server:}) and the largest request body it accepts. */
public record ServerSettings(String host, int port, long maxBodyBytes) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_MAX_BODY_BYTES = 8L * 1024 * 1024;

  public ServerSettings {
    Objects.requireNonNull(host, "host");
  }

  public static ServerSettings defaults() {
    return new ServerSettings(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES);
  }
}
