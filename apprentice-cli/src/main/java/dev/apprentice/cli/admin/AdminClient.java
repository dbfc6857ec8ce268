package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Writer;

/**
 * What the {@code keys}, {@code traces} and {@code costs} commands ask of Apprentice, answered in the admin API's
 * JSON shapes (PRODUCT.md §3) whether it works on the data directory directly or on a running server. Failures are
 * {@link AdminFailure}s.
 */
public interface AdminClient extends AutoCloseable {

  /** {@code POST /admin/keys}: the new key's view plus its {@code key}, shown only this once. */
  JsonNode createKey(ObjectNode request);

  /** {@code GET /admin/keys}. */
  JsonNode listKeys();

  /** {@code DELETE /admin/keys/{id}}. */
  JsonNode revokeKey(String id);

  /** {@code GET /admin/traces}: newest first, without bodies. */
  JsonNode listTraces(TraceFilter filter);

  /** {@code GET /admin/traces/{id}}: one trace with attempts and captured bodies. */
  JsonNode showTrace(String id);

  /** {@code GET /admin/traces/export}: every matching trace as one JSON line, oldest first; returns the count. */
  long exportTraces(TraceFilter filter, Writer out);

  /** {@code DELETE /admin/traces?before=WHEN}: {@code deleted} (a count) and {@code before} (the cutoff instant). */
  JsonNode deleteTraces(String before);

  /** {@code GET /admin/costs}: rows, {@code group_by}, {@code since}, {@code until} and {@code total_usd}. */
  JsonNode costs(String groupBy, String since, String until);

  @Override
  void close();
}
