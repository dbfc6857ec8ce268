package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.Deadline;
import dev.apprentice.api.GatewayException;
import dev.apprentice.local.collection.CollectionException;
import dev.apprentice.local.collection.Collections;
import dev.apprentice.server.admin.CollectionRequests;
import dev.apprentice.server.admin.CollectionViews;
import java.util.function.Supplier;

/**
 * Works on the collections of a data directory, with the admin API's checks and JSON shapes. A bad request and an
 * unknown collection or document exit 2, anything else that fails (a collection a running server holds) exits 1.
 */
final class DirectCollectionsClient implements CollectionsClient {

  private final Collections collections;
  private final Runnable release;

  /** Works on {@code collections}; {@code release} frees what they embed with (the local model) on close. */
  DirectCollectionsClient(Collections collections, Runnable release) {
    this.release = release;
    this.collections = collections;
  }

  @Override
  public JsonNode create(ObjectNode request) {
    return answer(() -> {
      CollectionRequests.Create create = CollectionRequests.create(request);
      return CollectionViews.collection(collections.create(create.name(), create.chunkSize(), create.chunkOverlap()));
    });
  }

  @Override
  public JsonNode list() {
    return answer(() -> dev.apprentice.server.admin.Views.list(
        collections.list().stream().map(CollectionViews::collection).toList()));
  }

  @Override
  public JsonNode show(String name) {
    return answer(() -> CollectionViews.collection(collections.describe(name)));
  }

  @Override
  public JsonNode delete(String name) {
    return answer(() -> {
      collections.delete(name);
      return CollectionViews.deleted("collection", name, null);
    });
  }

  @Override
  public JsonNode documents(String name, String after, int limit) {
    return answer(() -> CollectionViews.documents(collections.documents(name, after, limit)));
  }

  @Override
  public JsonNode add(String name, ObjectNode documents) {
    return answer(() -> {
      collections.describe(name);
      return CollectionViews.added(name, collections.add(name, CollectionRequests.documents(documents)));
    });
  }

  @Override
  public JsonNode remove(String name, String documentId) {
    return answer(() -> {
      collections.removeDocument(name, documentId);
      return CollectionViews.deleted("collection.document", documentId, name);
    });
  }

  @Override
  public JsonNode query(String name, ObjectNode query) {
    return answer(() -> {
      long since = System.nanoTime(); // the query sees what the describe saw: one look for another process's commits
      collections.describe(name);
      CollectionRequests.Query checked = CollectionRequests.query(query);
      return CollectionViews.results(name, collections.query(name, checked.query(), checked.k(), Deadline.NONE, since));
    });
  }

  /** Runs one request and answers its view as JSON, turning refusals into the CLI's (a bad request exits 2). */
  private static JsonNode answer(Supplier<Object> work) {
    try {
      return AdminJson.tree(work.get());
    } catch (CollectionException e) {
      throw AdminFailure.of(CollectionViews.error(e));
    } catch (GatewayException e) {
      throw AdminFailure.of(e);
    }
  }

  @Override
  public void close() {
    collections.close();
    release.run();
  }
}
