package dev.apprentice.server.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.local.collection.AddResult;
import dev.apprentice.local.collection.CollectionException;
import dev.apprentice.local.collection.CollectionHit;
import dev.apprentice.local.collection.CollectionInfo;
import dev.apprentice.local.collection.DocumentPage;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the collection routes and of the CLI's {@code collections} output, and the one mapping of a
 * {@link CollectionException} to the API's errors: bad input 400 (naming the field), unknown collection or document
 * 404, an existing name or another embedding model 400, a collection or model that cannot be used 500.
 */
public final class CollectionViews {

  /** Writes a document's metadata as it was added: the API's writer leaves out null values, also inside maps. */
  private static final ObjectMapper AS_GIVEN = new ObjectMapper();

  private CollectionViews() {}

  public static Map<String, Object> collection(CollectionInfo info) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("name", info.name());
    v.put("object", "collection");
    v.put("embedding_model", info.settings().embeddingModel());
    v.put("dimensions", info.settings().dimensions());
    v.put("chunk_size", info.settings().chunkSize());
    v.put("chunk_overlap", info.settings().chunkOverlap());
    // to the millisecond, as every other time the admin API shows (it is kept to the nanosecond)
    v.put("created_at", info.settings().createdAt().truncatedTo(ChronoUnit.MILLIS).toString());
    v.put("documents", info.documents());
    v.put("chunks", info.chunks());
    return v;
  }

  /**
   * A page of a collection's documents: {@code {object: list, data: [{id, object, source}], has_more}} ({@code source}
   * when it has one; the next page is after the last {@code id} while {@code has_more}).
   */
  public static Map<String, Object> documents(DocumentPage page) {
    Map<String, Object> v = Views.list(page.documents().stream().map(d -> {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("id", d.id());
      document.put("object", "collection.document");
      if (d.source() != null) document.put("source", d.source());
      return document;
    }).toList());
    v.put("has_more", page.hasMore());
    return v;
  }

  public static Map<String, Object> added(String collection, AddResult result) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("object", "collection.documents");
    v.put("collection", collection);
    v.put("document_ids", result.documentIds());
    v.put("replaced_document_ids", result.replacedIds()); // those that were there: not added beside their old chunks
    v.put("chunks", result.chunks());
    v.put("truncated_chunks", result.truncated());
    return v;
  }

  public static Map<String, Object> results(String collection, List<CollectionHit> hits) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("object", "collection.query");
    v.put("collection", collection);
    v.put("results", hits.stream().map(CollectionViews::hit).toList());
    return v;
  }

  private static Map<String, Object> hit(CollectionHit h) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("document_id", h.documentId());
    v.put("chunk_id", h.chunkId());
    v.put("score", Math.round(h.score() * 1e6) / 1e6);
    v.put("text", h.text());
    v.put("source", h.source());
    if (h.metadata() != null) v.put("metadata", AS_GIVEN.valueToTree(h.metadata())); // a tree keeps its nulls
    return v;
  }

  /** The answer to deleting something: {@code {id, object, deleted: true}} plus the collection of a document. */
  public static Map<String, Object> deleted(String object, String id, String collection) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", id);
    v.put("object", object);
    if (collection != null) v.put("collection", collection);
    v.put("deleted", true);
    return v;
  }

  /** The API error for a refusal of the collections. */
  public static GatewayException error(CollectionException e) {
    return switch (e.reason()) {
      case INVALID, EXISTS, INCOMPATIBLE -> GatewayException.invalid(e.param(), e.getMessage());
      case NOT_FOUND -> new GatewayException(ErrorCode.NOT_FOUND, e.getMessage(), e.param(), null);
      case UNAVAILABLE -> new GatewayException(ErrorCode.INTERNAL, e.getMessage());
    };
  }
}
