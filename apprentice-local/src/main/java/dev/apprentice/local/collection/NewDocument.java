package dev.apprentice.local.collection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * A document to add to a collection. Adding a document whose id is already there replaces all its chunks.
 *
 * @param id       the document's id in its collection (a relative path, a hash of the text, a caller's key)
 * @param text     the whole text, chunked on the way in
 * @param source   where it came from (a file path, a URL), or null
 * @param metadata the caller's JSON object kept with every chunk, or null
 */
public record NewDocument(String id, String text, String source, Map<String, Object> metadata) {

  /** The longest document id accepted. */
  public static final int MAX_ID_LENGTH = 512;

  /** A document whose id is {@link #idOf the hash of its text}. */
  public static NewDocument of(String text, String source, Map<String, Object> metadata) {
    return new NewDocument(idOf(text), text, source, metadata);
  }

  /** The default id of a text: the first 16 hex digits of its SHA-256, so the same text keeps the same id. */
  public static String idOf(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * Refuses an empty or over-long id, one with control characters, or one holding half of a surrogate pair (which
   * the index would keep as U+FFFD: the document would then be found under another id than the add answered).
   */
  public static void checkId(String id, String param) {
    if (id == null || id.isBlank()) throw CollectionException.invalid(param, "a document id must not be empty");
    if (id.length() > MAX_ID_LENGTH) {
      throw CollectionException.invalid(param, "a document id is at most " + MAX_ID_LENGTH + " characters; got "
          + id.length());
    }
    if (id.chars().anyMatch(Character::isISOControl)) {
      throw CollectionException.invalid(param, "a document id must not contain control characters");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean paired = Character.isHighSurrogate(c) && i + 1 < id.length()
          && Character.isLowSurrogate(id.charAt(i + 1));
      if (paired) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw CollectionException.invalid(param, "a document id must be valid Unicode: it has an unpaired surrogate"
            + " at character " + i);
      }
    }
  }
}
