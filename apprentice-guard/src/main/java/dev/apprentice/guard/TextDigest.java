package dev.apprentice.guard;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The first 128 bits of a text's SHA-256: a key that identifies a text a scanner has seen without keeping the text
 * (which may hold personal data) in memory.
 */
public record TextDigest(long high, long low) {

  public static TextDigest of(String text) {
    try {
      ByteBuffer hash = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
      return new TextDigest(hash.getLong(), hash.getLong());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
