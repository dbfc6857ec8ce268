package dev.apprentice.eval.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A digest of the items a run was given. Results are stored and paired under the item's index only, so a resume and
 * a gate compare digests to know that each index still means the same item: the same file edited, a stored
 * dataset's newer version or another sample give another digest. Covers every part of every item (its index, input,
 * references, label, context ids and columns), independent of the columns' order.
 */
public final class ItemsDigest {

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private ItemsDigest() {}

  /** {@code sha256:} and the hex SHA-256 of the items' canonical JSON, one line per item. */
  public static String of(List<EvalItem> items) {
    MessageDigest sha = sha256();
    for (EvalItem item : items) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("index", item.index());
      row.put("input", item.input());
      row.put("references", item.references());
      row.put("label", item.label());
      row.put("context_ids", item.contextIds());
      row.put("fields", item.fields());
      try {
        sha.update(JSON.writeValueAsBytes(row));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("item " + item.index() + " cannot be written as JSON: " + e.getMessage(), e);
      }
      sha.update("\n".getBytes(StandardCharsets.UTF_8));
    }
    return "sha256:" + HexFormat.of().formatHex(sha.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
