package dev.apprentice.server.admin;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.local.collection.Chunker;
import dev.apprentice.local.collection.NewDocument;
import dev.apprentice.server.http.ServerJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bodies of the collection routes, checked for shape and types (the collections check names, sizes and texts):
 * {@code {name, chunk_size?, chunk_overlap?}}, {@code {documents:[{id?, text, source?, metadata?}]}} and
 * {@code {query, k?}}. Unknown fields are refused, naming the field.
 */
public final class CollectionRequests {

  /** The results a query answers when it gives no {@code k}. */
  public static final int DEFAULT_K = 5;

  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private CollectionRequests() {}

  /** {@code POST /admin/collections}. */
  public record Create(String name, int chunkSize, int chunkOverlap) {}

  /** {@code POST /admin/collections/{name}/query}. */
  public record Query(String query, int k) {}

  public static Create create(JsonNode body) {
    object(body, null, Set.of("name", "chunk_size", "chunk_overlap"));
    JsonNode name = body.get("name");
    if (name == null || !name.isTextual()) throw GatewayException.invalid("name", "'name' is required: a string");
    int size = integer(body, "chunk_size", Chunker.DEFAULT_SIZE);
    int overlap = integer(body, "chunk_overlap", Chunker.defaultOverlap(size));
    return new Create(name.asText(), size, overlap);
  }

  public static List<NewDocument> documents(JsonNode body) {
    object(body, null, Set.of("documents"));
    JsonNode list = body.get("documents");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw GatewayException.invalid("documents", "'documents' is required: a list of {id?, text, source?, metadata?}");
    }
    List<NewDocument> documents = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      String at = "documents[" + i + "]";
      JsonNode doc = list.get(i);
      object(doc, at, Set.of("id", "text", "source", "metadata"));
      JsonNode text = doc.get("text");
      if (text == null || !text.isTextual()) throw GatewayException.invalid(at + ".text", "'text' is required: a string");
      String id = string(doc, "id", at);
      String source = string(doc, "source", at);
      JsonNode metadata = doc.get("metadata");
      if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
        throw GatewayException.invalid(at + ".metadata", "'metadata' must be a JSON object");
      }
      Map<String, Object> meta = metadata == null || metadata.isNull() ? null : ServerJson.MAPPER.convertValue(metadata, OBJECT);
      documents.add(id == null ? NewDocument.of(text.asText(), source, meta) : new NewDocument(id, text.asText(), source, meta));
    }
    return documents;
  }

  public static Query query(JsonNode body) {
    object(body, null, Set.of("query", "k"));
    JsonNode query = body.get("query");
    if (query == null || !query.isTextual()) throw GatewayException.invalid("query", "'query' is required: a string");
    return new Query(query.asText(), integer(body, "k", DEFAULT_K));
  }

  private static void object(JsonNode node, String at, Set<String> fields) {
    if (node == null || !node.isObject()) throw GatewayException.invalid(at, "expected a JSON object");
    node.fieldNames().forEachRemaining(field -> {
      if (!fields.contains(field)) {
        String param = at == null ? field : at + "." + field;
        throw GatewayException.invalid(param, "unknown field '" + field + "' (known: "
            + String.join(", ", fields.stream().sorted().toList()) + ")");
      }
    });
  }

  private static int integer(JsonNode body, String field, int fallback) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) return fallback;
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw GatewayException.invalid(field, "'" + field + "' must be a whole number");
    }
    return n.asInt();
  }

  private static String string(JsonNode doc, String field, String at) {
    JsonNode n = doc.get(field);
    if (n == null || n.isNull()) return null;
    if (!n.isTextual()) throw GatewayException.invalid(at + "." + field, "'" + field + "' must be a string");
    return n.asText();
  }
}
