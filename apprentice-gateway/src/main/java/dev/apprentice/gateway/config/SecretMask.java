package dev.apprentice.gateway.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
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
  /** Query parameters of provider URLs that hold no secret ({@code api-version}: Azure OpenAI's). */
  private static final Set<String> NOT_SECRET_PARAMETERS = Set.of("api-version", "api_version", "version", "format");
  private static final Pattern SECRET_PARAMETER_NAME = Pattern.compile("key|token|secret|sig|pass|pwd|auth|cred|code");

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

  /**
   * A URL for display, also one that is not valid (a config error echoes it): the password of its user info masked
   * ({@code https://user:****@host/}), a user info without one masked whole ({@code https://****@host/}, a token), and
   * each query value that looks like a key ({@link #secretParameter}): {@code ?api-version=2024-02-01&key=****}.
   */
  static String url(String url) {
    int scheme = url.indexOf("://");
    int start = scheme < 0 ? 0 : scheme + 3;
    int authorityEnd = firstOf(url, start, "/?#");
    int at = url.lastIndexOf('@', authorityEnd - 1);
    String authority = url.substring(start, authorityEnd);
    if (at >= start) {
      int colon = authority.indexOf(':');
      String user = colon >= 0 && colon < at - start ? authority.substring(0, colon) + ":" : "";
      authority = user + "****" + url.substring(at, authorityEnd);
    }
    return url.substring(0, start) + authority + query(url.substring(authorityEnd));
  }

  /** The rest of a URL after its authority, its query values masked as {@link #url} says. */
  private static String query(String rest) {
    int question = rest.indexOf('?');
    if (question < 0) return rest;
    int fragment = firstOf(rest, question + 1, "#");
    StringJoiner shown = new StringJoiner("&");
    for (String parameter : rest.substring(question + 1, fragment).split("&", -1)) {
      int equals = parameter.indexOf('=');
      String name = equals < 0 ? parameter : parameter.substring(0, equals);
      shown.add(equals >= 0 && secretParameter(name, parameter.substring(equals + 1)) ? name + "=****" : parameter);
    }
    return rest.substring(0, question + 1) + shown + rest.substring(fragment);
  }

  /**
   * Whether a query parameter looks like it carries a key: by its name ({@code key}, {@code api_key}, {@code token},
   * {@code sig}, {@code password}, {@code code} ...), or by its value, long and of letters and digits both, as keys
   * are; but never {@code api-version} and the like, nor a word such as {@code mode=memory}.
   */
  private static boolean secretParameter(String name, String value) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (value.isEmpty() || NOT_SECRET_PARAMETERS.contains(lower)) return false;
    return SECRET_PARAMETER_NAME.matcher(lower).find()
        || value.length() >= SHORTEST_PARTLY_SHOWN && value.chars().anyMatch(Character::isLetter)
            && value.chars().anyMatch(Character::isDigit);
  }

  /** The index of the first of {@code chars} in {@code text} from {@code from}; the text's length when none. */
  private static int firstOf(String text, int from, String chars) {
    for (int i = from; i < text.length(); i++) {
      if (chars.indexOf(text.charAt(i)) >= 0) return i;
    }
    return text.length();
  }
}
