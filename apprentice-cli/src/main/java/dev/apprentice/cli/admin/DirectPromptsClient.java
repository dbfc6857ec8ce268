package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.server.admin.PromptAdmin;
import dev.apprentice.server.admin.Views;
import dev.apprentice.server.prompt.PromptRegistry;
import dev.apprentice.store.Store;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Works on the prompt registry of a data directory, with the admin API's checks and JSON shapes. Without a database
 * (nothing stored yet) the list is empty and everything else is not found.
 */
final class DirectPromptsClient implements PromptsClient {

  private final Store store;
  private final PromptAdmin admin;

  /** @param store the opened store, or null when the data directory has no database yet */
  DirectPromptsClient(Store store, Set<String> models, Clock clock) {
    this.store = store;
    this.admin = store == null ? null : new PromptAdmin(new PromptRegistry(store.prompts()), models, clock);
  }

  @Override
  public JsonNode push(ObjectNode request) {
    return answer(() -> admin.push(request));
  }

  @Override
  public JsonNode list() {
    return store == null ? AdminJson.tree(Views.list(List.of())) : answer(admin::list);
  }

  @Override
  public JsonNode show(String name) {
    return named(name, () -> admin.show(name));
  }

  @Override
  public JsonNode version(String name, String ref) {
    return named(name, () -> admin.version(name, ref));
  }

  @Override
  public JsonNode label(String name, String label, int version) {
    ObjectNode body = AdminJson.MAPPER.createObjectNode().put("version", version);
    return named(name, () -> admin.label(name, label, body));
  }

  /** A request about prompt {@code name}: without a database there is no such prompt (exit 2, as for any other). */
  private JsonNode named(String name, Supplier<Object> work) {
    if (admin == null) throw AdminFailure.notFound("no prompt named '" + name + "'");
    return answer(work);
  }

  /**
   * Runs one request and answers its view as JSON; a bad request or an unknown prompt or version exits 2, anything
   * else that fails 1.
   */
  private JsonNode answer(Supplier<Object> work) {
    if (admin == null) throw AdminFailure.failed("no prompts: nothing is stored in this data directory yet");
    try {
      return AdminJson.tree(work.get());
    } catch (GatewayException e) {
      throw AdminFailure.of(e);
    }
  }

  @Override
  public void close() {
    if (store != null) store.close();
  }
}
