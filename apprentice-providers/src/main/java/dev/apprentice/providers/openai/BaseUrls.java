package dev.apprentice.providers.openai;

import java.net.URI;
import java.util.Locale;

/** What a provider's base URL says of the server behind it, for the settings whose {@code auto} goes by it. */
final class BaseUrls {

  private BaseUrls() {}

  /** True when the base URL's host is a subdomain of {@code domain} ({@code api.mistral.ai} of {@code mistral.ai}). */
  static boolean hostUnder(String baseUrl, String domain) {
    String host;
    try {
      host = URI.create(baseUrl).getHost();
    } catch (IllegalArgumentException e) {
      return false;
    }
    return host != null && host.toLowerCase(Locale.ROOT).endsWith("." + domain);
  }
}
