package dev.apprentice.server.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The key format {@code ak-<id>-<secret>}: a 12-hex-digit public id and a 256-bit random secret. Only the secret's
 * SHA-256 is stored; a fast hash is enough because the secret is random, not a password. Comparison is constant
 * time.
 */
public final class KeySecrets {

  static final String PREFIX = "ak-";
  /** Hex digits of a key's public id (6 random bytes). */
  static final int ID_LENGTH = 12;
  /** The longest secret a presented key may have; a minted one has 43 characters (32 bytes, URL-safe base64). */
  static final int MAX_SECRET_LENGTH = 64;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private KeySecrets() {}

  /** A presented key split into id and secret. */
  public record Parsed(String id, String secret) {}

  /** A freshly made key: the full text (shown once) and the hash to store. */
  public record Minted(String id, String key, String secretHash) {}

  public static Minted mint() {
    byte[] idBytes = new byte[6];
    byte[] secretBytes = new byte[32];
    RANDOM.nextBytes(idBytes);
    RANDOM.nextBytes(secretBytes);
    String id = HEX.formatHex(idBytes);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
    return new Minted(id, PREFIX + id + "-" + secret, hash(secret));
  }

  /**
   * The id and secret of a presented key, or null when it is not shaped like a minted one: an id of
   * {@value #ID_LENGTH} lower-case hex digits and a URL-safe base64 secret of at most {@value #MAX_SECRET_LENGTH}
   * characters. Anyone who reaches the port can present a key, and an id is looked up (and the answer cached) before
   * the secret is checked, so a made-up id of any other shape must cost neither a lookup nor a place in the cache.
   */
  public static Parsed parse(String key) {
    if (key == null || !key.startsWith(PREFIX)) return null;
    int dash = PREFIX.length() + ID_LENGTH;
    if (key.length() <= dash + 1 || key.length() > dash + 1 + MAX_SECRET_LENGTH || key.charAt(dash) != '-') {
      return null;
    }
    for (int i = PREFIX.length(); i < dash; i++) {
      char c = key.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) return null;
    }
    for (int i = dash + 1; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_')) return null;
    }
    return new Parsed(key.substring(PREFIX.length(), dash), key.substring(dash + 1));
  }

  /**
   * True when {@code key} is written as an Apprentice key is ({@code ak-ID-SECRET}, whatever the ID and SECRET), so
   * that it is refused rather than ignored while calls without a key are allowed: the caller meant a key of ours.
   */
  static boolean claimsToBeOne(String key) {
    if (key == null || !key.startsWith(PREFIX)) return false;
    int dash = key.indexOf('-', PREFIX.length());
    return dash > PREFIX.length() && dash < key.length() - 1;
  }

  public static String hash(String secret) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** True when {@code secret} hashes to {@code storedHash}; takes the same time wherever they differ. */
  public static boolean matches(String secret, String storedHash) {
    byte[] presented = hash(secret).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(presented, storedHash.getBytes(StandardCharsets.US_ASCII));
  }
}
