package dev.apprentice.server.telemetry;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where a provider's API answers, as the OpenTelemetry conventions' {@code server.address} and {@code server.port}
 * name it: the host and port of its base URL (the port its scheme implies when none is written; an IPv6 address
 * without its brackets). Never the rest of the URL, which may carry a user and password.
 */
public record ServerAddress(String host, int port) {

  /** The address of {@code baseUrl}, or null when it names no host (a provider that runs in process has none). */
  public static ServerAddress of(String baseUrl) {
    if (baseUrl == null || baseUrl.isBlank()) return null;
    try {
      URI uri = new URI(baseUrl.strip());
      String host = uri.getHost();
      if (host == null) return null;
      int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
      // an IPv6 address as an address, not in the brackets a URL writes it in
      boolean bracketed = host.length() > 2 && host.startsWith("[") && host.endsWith("]");
      return new ServerAddress(bracketed ? host.substring(1, host.length() - 1) : host, port);
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
