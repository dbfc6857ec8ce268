package dev.apprentice.cli.eval;

import dev.apprentice.cli.BadInput;
import java.net.URI;

/**
 * The API base that {@code eval run --url} calls: a server's address as the admin commands take it
 * ({@code http://host:port}, with or without a trailing {@code /}) means its OpenAI-compatible API at {@code /v1};
 * a URL with a path ({@code http://host:port/v1}, a proxy's {@code https://host/apprentice/v1}) is kept as given.
 */
final class ApiBase {

  private static final String API_PATH = "/v1";

  private ApiBase() {}

  /** The base to append {@code /chat/completions} to, without a trailing {@code /}; bad input when not a URL. */
  static String of(String url) {
    String base = url.strip();
    while (base.endsWith("/")) base = base.substring(0, base.length() - 1);
    URI uri;
    try {
      uri = URI.create(base);
    } catch (IllegalArgumentException e) {
      throw notAUrl(url);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw notAUrl(url);
    }
    boolean noPath = uri.getRawPath() == null || uri.getRawPath().isEmpty();
    return noPath && uri.getRawQuery() == null ? base + API_PATH : base;
  }

  private static BadInput notAUrl(String url) {
    return new BadInput("--url must look like http://host:port or http://host:port/v1; got '" + url + "'");
  }
}
