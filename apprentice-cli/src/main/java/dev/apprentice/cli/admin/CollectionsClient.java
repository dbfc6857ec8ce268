package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the {@code collections} commands ask of Apprentice, answered in the collection routes' JSON shapes whether
 * they work on the data directory directly or on a running server. Failures are {@link AdminFailure}s.
 */
interface CollectionsClient extends AutoCloseable {

  /** {@code POST /admin/collections}. */
  JsonNode create(ObjectNode request);

  /** {@code GET /admin/collections}. */
  JsonNode list();

  /** {@code GET /admin/collections/{name}}. */
  JsonNode show(String name);

  /** {@code DELETE /admin/collections/{name}}. */
  JsonNode delete(String name);

  /**
   * {@code GET /admin/collections/{name}/documents?limit&after}: {@code {data: [{id, source?}], has_more}}, up to
   * {@code limit} documents by id after {@code after} (null: from the first).
   */
  JsonNode documents(String name, String after, int limit);

  /** {@code POST /admin/collections/{name}/documents} with {@code {documents: [...]}}. */
  JsonNode add(String name, ObjectNode documents);

  /** {@code DELETE /admin/collections/{name}/documents/{id}}. */
  JsonNode remove(String name, String documentId);

  /** {@code POST /admin/collections/{name}/query} with {@code {query, k}}. */
  JsonNode query(String name, ObjectNode query);

  @Override
  void close();
}
