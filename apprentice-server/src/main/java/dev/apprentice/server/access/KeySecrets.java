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

  /** The id and secret of a presented key, or null when it is not shaped like one. */
  public static Parsed parse(String key) {
    if (key == null || !key.startsWith(PREFIX)) return null;
    int dash = key.indexOf('-', PREFIX.length());
    if (dash <= PREFIX.length() || dash == key.length() - 1) return null;
    return new Parsed(key.substring(PREFIX.length(), dash), key.substring(dash + 1));
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
