package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.server.dataset.ImportOptions;
import java.io.Writer;
import java.nio.file.Path;

/**
 * What the {@code datasets} commands ask of Apprentice, answered in the dataset routes' JSON shapes whether they work
 * on the data directory directly or on a running server. Failures are {@link AdminFailure}s.
 */
interface DatasetsClient extends AutoCloseable {

  /** {@code POST /admin/datasets/{name}/import}: the new version. */
  JsonNode importFile(String name, Path file, ImportOptions options);

  /** {@code POST /admin/datasets/{name}/from-traces}: the new version with the skipped counts. */
  JsonNode fromTraces(String name, ObjectNode filters);

  /** {@code GET /admin/datasets}. */
  JsonNode list();

  /** {@code GET /admin/datasets/{name}}: every version. */
  JsonNode show(String name);

  /** {@code GET /admin/datasets/{name}/versions/{version}}: a version ({@code latest} too) and a page of items. */
  JsonNode version(String name, String version, int offset, int limit);

  /** Every item of a version as one JSON line; returns the count. */
  long export(String name, String version, Writer out);

  @Override
  void close();
}
