package dev.apprentice.bench;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Message;
import dev.apprentice.api.cache.CacheKey;
import dev.apprentice.gateway.cache.CacheKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Which context a Banking77 question is cached and looked up under, which decides the entries its meaning is compared
 * with: {@link #MEANING} puts every question in one shared context (meaning alone); {@link #GATEWAY} keys it as the
 * gateway keys a one-turn chat request with the question as its user message ({@link CacheKeys}), so a question
 * naming numbers meets only entries naming the same ones in the same order, and one holding negation words only
 * entries holding as many.
 */
enum CacheRules {
  MEANING,
  GATEWAY;

  static final String TENANT = "bench";
  static final String MODEL = "banking77";

  /** The key of {@code question} under these rules. */
  CacheKey key(String question) {
    return switch (this) {
      case MEANING -> new CacheKey(TENANT, MODEL, sha256(question), "support-bot", question);
      case GATEWAY -> CacheKeys.of(TENANT, MODEL, ChatRequest.builder().model(MODEL)
          .messages(List.of(Message.user(question))).build());
    };
  }

  /** The name the {@code --rules} option takes and the report shows. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** What the report says of the contexts the questions were compared in. */
  String contexts() {
    return switch (this) {
      case MEANING -> "same tenant, model and context: meaning alone";
      case GATEWAY -> "keyed as the gateway keys them: numbers and negations must match";
    };
  }

  /** The rules {@code --rules} names: meaning, gateway, or both (the default: one after the other, side by side). */
  static List<CacheRules> parse(String option) {
    return switch (option) {
      case "both" -> List.of(MEANING, GATEWAY);
      case "meaning" -> List.of(MEANING);
      case "gateway" -> List.of(GATEWAY);
      default -> throw new IllegalArgumentException("--rules takes meaning, gateway or both, not: " + option);
    };
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
