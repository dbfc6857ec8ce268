package dev.apprentice.gateway.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks secrets for display: {@code sk-…f3a9} (a short prefix and at most the last 4 chars), or {@code ****}. */
final class SecretMask {

  private static final int SHORTEST_PARTLY_SHOWN = 12;
  private static final Pattern PREFIX = Pattern.compile("^[A-Za-z]{1,4}-");
  private static final List<String> SENSITIVE_HEADER_WORDS =
      List.of("auth", "key", "token", "secret", "password", "cookie");

  private SecretMask() {}

  static String mask(String secret) {
    if (secret.length() < SHORTEST_PARTLY_SHOWN) {
      return "****";
    }
    Matcher prefix = PREFIX.matcher(secret);
    return (prefix.find() ? prefix.group() : "") + "…" + secret.substring(secret.length() - 4);
  }

  /** Whether a header's value is a secret, judged by its name (Authorization, x-api-key, X-Auth-Token, ...). */
  static boolean isSensitiveHeader(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return SENSITIVE_HEADER_WORDS.stream().anyMatch(lower::contains);
  }
}
