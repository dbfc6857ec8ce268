package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the {@code prompts} commands ask of Apprentice, answered in the prompt routes' JSON shapes whether they work
 * on the data directory directly or on a running server. Failures are {@link AdminFailure}s.
 */
interface PromptsClient extends AutoCloseable {

  /** {@code POST /admin/prompts}. */
  JsonNode push(ObjectNode request);

  /** {@code GET /admin/prompts}. */
  JsonNode list();

  /** {@code GET /admin/prompts/{name}}. */
  JsonNode show(String name);

  /** {@code GET /admin/prompts/{name}/versions/{ref}}: a number, a label or {@code latest}. */
  JsonNode version(String name, String ref);

  /** {@code PUT /admin/prompts/{name}/labels/{label}} with {@code {version}}. */
  JsonNode label(String name, String label, int version);

  @Override
  void close();
}
