package dev.apprentice.guard.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The credential kinds the secrets scanner knows, most specific first. */
final class SecretRules {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SecretRules() {}

  static List<SecretRule> all() {
    return List.of(
        new SecretRule("anthropic_api_key", List.of("sk-ant-"), "",
            Pattern.compile("sk-ant-[a-z0-9]{2,12}+-[A-Za-z0-9_-]{20,200}+"), 0,
            (secret, text, start) -> random(secret.substring(7), 3.5) ? 0.95 : 0),
        new SecretRule("openai_api_key", List.of("sk-"), "",
            Pattern.compile("sk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,250}+"), 0,
            (secret, text, start) -> secret.contains("T3BlbkFJ") ? 0.99 : random(secret.substring(3), 3.5) ? 0.85 : 0),
        new SecretRule("aws_access_key_id", List.of("akia", "asia"), "",
            Pattern.compile("(?:AKIA|ASIA)[A-Z2-7]{16}(?![A-Za-z0-9])"), 0, (secret, text, start) -> 0.9),
        new SecretRule("github_token", List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_"), "",
            Pattern.compile("gh[pousr]_[A-Za-z0-9]{36,251}+(?![A-Za-z0-9_])"), 0,
            (secret, text, start) -> random(secret.substring(4), 3.5) ? 0.95 : 0),
        new SecretRule("github_token", List.of("github_pat_"), "",
            Pattern.compile("github_pat_[A-Za-z0-9_]{22,255}+(?![A-Za-z0-9_])"), 0,
            (secret, text, start) -> random(secret.substring(11), 3.5) ? 0.95 : 0),
        new SecretRule("slack_token", List.of("xoxa-", "xoxb-", "xoxp-", "xoxr-"), "",
            Pattern.compile("xox[abpr]-[A-Za-z0-9]++(?:-[A-Za-z0-9]++){1,5}+"), 0,
            (secret, text, start) -> secret.length() >= 20 ? 0.9 : 0),
        // read from the start of a token only ("-" and "_" continue one), each part once: "eyJ-eyJ-…" is one run
        new SecretRule("jwt", List.of("eyj"), "-_",
            Pattern.compile("eyJ[A-Za-z0-9_-]{5,}+\\.[A-Za-z0-9_-]{2,}+\\.[A-Za-z0-9_-]*+"), 0,
            (secret, text, start) -> jwtHeaderHasAlg(secret) ? 0.95 : 0),
        new SecretRule("generic_secret", List.of("api", "secret", "token", "auth", "access", "password", "passwd",
            "pwd", "client", "private"), "",
            Pattern.compile("(?i)(?:api[_-]?key|apikey|secret[_-]?key|secret|token|auth[_-]?token|access[_-]?token"
                + "|password|passwd|pwd|client[_-]?secret|private[_-]?key)\\b[\"']?\\s{0,3}[:=]{1,2}\\s{0,3}[\"']?"
                + "([A-Za-z0-9_\\-+/=.~!@#$%^&*]{8,200}+)"), 1,
            (secret, text, start) -> !placeholder(secret) && Entropy.bitsPerChar(secret) >= 3.0 ? 0.7 : 0));
  }

  /** Enough entropy and more than one kind of character: not a word, not filler such as {@code xxxx}. */
  static boolean random(String body, double minBits) {
    boolean digit = false;
    boolean letter = false;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      digit |= Character.isDigit(c);
      letter |= Character.isLetter(c);
    }
    return digit && letter && Entropy.bitsPerChar(body) >= minBits;
  }

  private static boolean placeholder(String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    return lower.contains("your") || lower.contains("example") || lower.contains("changeme") || lower.contains("xxxx")
        || lower.contains("****") || lower.startsWith("${") || lower.equals("password") || lower.equals("redacted");
  }

  /** The first part decodes (base64url) to a JSON object with a string {@code alg}. */
  static boolean jwtHeaderHasAlg(String token) {
    int dot = token.indexOf('.');
    try {
      byte[] header = Base64.getUrlDecoder().decode(token.substring(0, dot));
      JsonNode node = JSON.readTree(header);
      Base64.getUrlDecoder().decode(token.substring(dot + 1, token.indexOf('.', dot + 1)));
      return node != null && node.isObject() && node.path("alg").isTextual();
    } catch (IllegalArgumentException | java.io.IOException e) {
      return false;
    }
  }
}
