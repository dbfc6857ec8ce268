package dev.apprentice.gateway.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks secrets for display: {@code sk-…f3a9} (a short prefix and at most the last 4 chars), or {@code ****}. */
final class SecretMask {

  private static final int SHORTEST_PARTLY_SHOWN = 12;
  private static final Pattern PREFIX = Pattern.compile("^[A-Za-z]{1,4}-");
  private static final Set<String> NOT_SECRET_HEADERS = Set.of("content-type", "accept", "user-agent",
      "anthropic-version", "anthropic-beta", "openai-beta", "openai-organization", "openai-project");

  /** {@link #mask} as a {@link MaskedRecord} mask: for a key. */
  static final UnaryOperator<Object> KEY = secret -> mask((String) secret);
  /** {@link #url} as a {@link MaskedRecord} mask. */
  static final UnaryOperator<Object> URL = address -> url((String) address);
  /** {@link #headers} as a {@link MaskedRecord} mask. */
  @SuppressWarnings("unchecked")
  static final UnaryOperator<Object> HEADERS = headers -> headers((Map<String, String>) headers);

  private SecretMask() {}

  static String mask(String secret) {
    if (secret.length() < SHORTEST_PARTLY_SHOWN) {
      return "****";
    }
    Matcher prefix = PREFIX.matcher(secret);
    return (prefix.find() ? prefix.group() : "") + "…" + secret.substring(secret.length() - 4);
  }

  /**
   * A header's value for display. Headers in a gateway's config are mostly credentials under names nobody can list
   * (x-honeycomb-team, x-goog-user-project ...), so every value is masked except those of a few names known to hold
   * none.
   */
  static String header(String name, String value) {
    return NOT_SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT)) ? value : mask(value);
  }

  /** Headers for display, each value as {@link #header} shows it, in their order. */
  static Map<String, String> headers(Map<String, String> headers) {
    Map<String, String> shown = new LinkedHashMap<>();
    headers.forEach((name, value) -> shown.put(name, header(name, value)));
    return shown;
  }

  /** A URL for display, with the password of any user info in it masked ({@code https://user:****@host/}). */
  static String url(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) return url;
    int at = url.indexOf('@', scheme + 3);
    int slash = url.indexOf('/', scheme + 3);
    if (at < 0 || (slash >= 0 && slash < at)) return url;
    String userInfo = url.substring(scheme + 3, at);
    int colon = userInfo.indexOf(':');
    String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
    return url.substring(0, scheme + 3) + user + ":****" + url.substring(at);
  }
}
