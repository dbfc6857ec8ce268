package dev.apprentice.server;

import dev.apprentice.testing.LogCapture;
import dev.apprentice.testing.WordHashEmbedder;
import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.Embedder;
import dev.apprentice.local.collection.Collections;
import dev.apprentice.local.collection.NewDocument;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The collections admin API: create, list, show, add, list documents, query, remove and delete, with its errors. */
class CollectionsApiTest {

  private static final String ADMIN_KEY = "admin-key-for-collection-tests";

  /** Started by each test, with its embedding model. */
  @AutoClose
  private RunningGateway gateway;
  private KeyedHttp http;

  private void start(Supplier<Embedder> embedder) {
    start(embedder, TempDirs.create());
  }

  private void start(Supplier<Embedder> embedder, Path dataDir) {
    gateway = Gateways.running("""
        providers:
          sim: { type: simulator }
        models:
          alpha: { targets: [ { provider: sim, model: sim-echo } ] }
        """, dataDir, Map.of(), ADMIN_KEY, Clock.systemUTC(), embedder);
    http = gateway.http();
  }

  private JsonNode ok(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return RawHttp.json(response.body());
  }

  @Test
  void aCollectionsCreationTimeIsShownToTheMillisecondAsEveryOtherTimeOfTheAdminApi() {
    start(WordHashEmbedder::new);
    String millis = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3})?Z";

    JsonNode created = ok(http.post("/admin/collections", ADMIN_KEY, "{\"name\":\"faq\"}"), 201);
    JsonNode listed = ok(http.get("/admin/collections", ADMIN_KEY), 200).path("data").get(0);

    assertThat(created.path("created_at").asText()).matches(millis);
    assertThat(listed.path("created_at")).isEqualTo(created.path("created_at"));
  }

  @Test
  void aCollectionIsCreatedFilledQueriedTrimmedAndDeleted() {
    start(WordHashEmbedder::new);
    JsonNode created = ok(http.post("/admin/collections", ADMIN_KEY, "{\"name\":\"faq\",\"chunk_size\":400}"), 201);
    assertThat(created.path("name").asText()).isEqualTo("faq");
    assertThat(created.path("object").asText()).isEqualTo("collection");
    assertThat(created.path("embedding_model").asText()).isEqualTo("test/word-hash");
    assertThat(created.path("dimensions").asInt()).isEqualTo(64);
    assertThat(created.path("chunk_size").asInt()).isEqualTo(400);
    assertThat(created.path("chunk_overlap").asInt()).isEqualTo(100);
    assertThat(created.path("documents").asLong()).isZero();

    JsonNode added = ok(http.post("/admin/collections/faq/documents", ADMIN_KEY, """
        {"documents": [
          {"id": "guides/refunds.md", "text": "How to get a refund for an order", "source": "guides/refunds.md",
           "metadata": {"lang": "en"}},
          {"text": "Parcels are shipped within two days"}
        ]}"""), 200);
    assertThat(added.path("chunks").asInt()).isEqualTo(2);
    assertThat(added.path("document_ids").get(0).asText()).isEqualTo("guides/refunds.md");
    String hashId = added.path("document_ids").get(1).asText();
    assertThat(hashId).hasSize(16);
    assertThat(added.path("replaced_document_ids")).as("both are new").isEmpty();
    JsonNode again = ok(http.post("/admin/collections/faq/documents", ADMIN_KEY,
        """
        {"documents": [{"id": "guides/refunds.md", "text": "How to get a refund for an order",
          "source": "guides/refunds.md", "metadata": {"lang": "en"}}]}"""), 200);
    assertThat(again.path("replaced_document_ids").get(0).asText()).isEqualTo("guides/refunds.md");

    JsonNode results = ok(http.post("/admin/collections/faq/query", ADMIN_KEY, "{\"query\":\"refund order\",\"k\":2}"), 200)
        .path("results");
    assertThat(results).hasSize(2);
    JsonNode best = results.get(0);
    assertThat(best.path("document_id").asText()).isEqualTo("guides/refunds.md");
    assertThat(best.path("chunk_id").asText()).isEqualTo("guides/refunds.md#0");
    assertThat(best.path("text").asText()).isEqualTo("How to get a refund for an order");
    assertThat(best.path("source").asText()).isEqualTo("guides/refunds.md");
    assertThat(best.path("metadata").path("lang").asText()).isEqualTo("en");
    assertThat(best.path("score").asDouble()).isBetween(-1.0, 1.0).isGreaterThan(results.get(1).path("score").asDouble());

    JsonNode listed = ok(http.get("/admin/collections", ADMIN_KEY), 200);
    assertThat(listed.path("data")).hasSize(1);
    assertThat(listed.path("data").get(0).path("documents").asLong()).isEqualTo(2);

    JsonNode documents = ok(http.get("/admin/collections/faq/documents", ADMIN_KEY), 200);
    assertThat(documents.path("object").asText()).isEqualTo("list");
    assertThat(documents.path("data").findValuesAsText("id")).as("by id").containsExactly(hashId, "guides/refunds.md");
    assertThat(documents.path("data").get(0).has("source")).as("added without one").isFalse();
    assertThat(documents.path("data").get(1).path("source").asText()).isEqualTo("guides/refunds.md");
    assertError(http.get("/admin/collections/nope/documents", ADMIN_KEY), 404, "invalid_request_error", "not_found",
        null);

    JsonNode removed = ok(http.delete("/admin/collections/faq/documents/guides%2Frefunds.md", ADMIN_KEY), 200);
    assertThat(removed.path("deleted").asBoolean()).isTrue();
    ok(http.delete("/admin/collections/faq/documents/" + hashId, ADMIN_KEY), 200);
    assertThat(ok(http.get("/admin/collections/faq", ADMIN_KEY), 200).path("chunks").asLong()).isZero();
    assertError(http.delete("/admin/collections/faq/documents/" + hashId, ADMIN_KEY), 404, "invalid_request_error",
        "not_found", "id");

    ok(http.delete("/admin/collections/faq", ADMIN_KEY), 200);
    assertError(http.get("/admin/collections/faq", ADMIN_KEY), 404, "invalid_request_error", "not_found", null);
    assertThat(ok(http.get("/admin/collections", ADMIN_KEY), 200).path("data")).isEmpty();
  }

  @Test
  void theDocumentsArePagedByIdAfterTheLastIdOfThePageBeforeUntilHasMoreIsFalse() {
    start(WordHashEmbedder::new);
    ok(http.post("/admin/collections", ADMIN_KEY, "{\"name\":\"kb\"}"), 201);
    ok(http.post("/admin/collections/kb/documents", ADMIN_KEY, """
        {"documents": [{"id": "c", "text": "charlie"}, {"id": "a", "text": "alpha"}, {"id": "d", "text": "delta"},
          {"id": "b", "text": "bravo"}]}"""), 200);

    JsonNode first = ok(http.get("/admin/collections/kb/documents?limit=2", ADMIN_KEY), 200);
    JsonNode last = ok(http.get("/admin/collections/kb/documents?limit=2&after=b", ADMIN_KEY), 200);

    assertThat(first.path("data").findValuesAsText("id")).containsExactly("a", "b");
    assertThat(first.path("has_more").asBoolean()).isTrue();
    assertThat(last.path("data").findValuesAsText("id")).as("exactly a page long").containsExactly("c", "d");
    assertThat(last.path("has_more").asBoolean()).isFalse();
    JsonNode all = ok(http.get("/admin/collections/kb/documents", ADMIN_KEY), 200);
    assertThat(all.path("data").findValuesAsText("id")).containsExactly("a", "b", "c", "d");
    assertThat(all.path("has_more").asBoolean()).isFalse();
    for (String limit : List.of("0", "1001", "many")) {
      assertError(http.get("/admin/collections/kb/documents?limit=" + limit, ADMIN_KEY), 400, "invalid_request_error",
          null, "limit");
    }
    assertError(http.get("/admin/collections/kb/documents?offset=2", ADMIN_KEY), 400, "invalid_request_error", null,
        "offset");
  }

  @Test
  void badRequestsAre400sNamingTheFieldAndUnknownCollections404() {
    start(WordHashEmbedder::new);
    ok(http.post("/admin/collections", ADMIN_KEY, "{\"name\":\"kb\"}"), 201);
    Map<String, String> badCreates = Map.of(
        "{\"name\":\"Bad Name\"}", "name",
        "{\"name\":\"kb\"}", "name",
        "{}", "name",
        "{\"name\":\"x\",\"chunk_size\":10}", "chunk_size",
        "{\"name\":\"x\",\"chunk_overlap\":600}", "chunk_overlap",
        "{\"name\":\"x\",\"chunk_size\":\"big\"}", "chunk_size",
        "{\"name\":\"x\",\"colour\":1}", "colour");
    badCreates.forEach((body, param) ->
        assertError(http.post("/admin/collections", ADMIN_KEY, body), 400, "invalid_request_error", null, param));
    assertThat(http.post("/admin/collections", ADMIN_KEY, "{\"name\":\"kb\"}").body()).contains("exists already");

    Map<String, String> badAdds = Map.of(
        "{\"documents\":[]}", "documents",
        "{\"documents\":[{\"id\":\"a\"}]}", "documents[0].text",
        "{\"documents\":[{\"text\":\"ok\"},{\"text\":\" \"}]}", "documents[1].text",
        "{\"documents\":[{\"text\":\"ok\",\"metadata\":[1]}]}", "documents[0].metadata",
        "{\"documents\":[{\"text\":\"ok\",\"author\":\"me\"}]}", "documents[0].author");
    badAdds.forEach((body, param) -> assertError(http.post("/admin/collections/kb/documents", ADMIN_KEY, body), 400,
        "invalid_request_error", null, param));
    assertError(http.post("/admin/collections/kb/query", ADMIN_KEY, "{\"query\":\"x\",\"k\":0}"), 400,
        "invalid_request_error", null, "k");
    assertError(http.post("/admin/collections/kb/query", ADMIN_KEY, "{\"k\":3}"), 400, "invalid_request_error", null,
        "query");

    assertError(http.post("/admin/collections/nope/query", ADMIN_KEY, "{\"query\":\"x\"}"), 404,
        "invalid_request_error", "not_found", null);
    assertError(http.post("/admin/collections/nope/documents", ADMIN_KEY, "{\"documents\":[{\"text\":\"x\"}]}"), 404,
        "invalid_request_error", "not_found", null);
    assertError(http.delete("/admin/collections/nope", ADMIN_KEY), 404, "invalid_request_error", "not_found", null);
    assertThat(ok(http.get("/admin/collections/kb", ADMIN_KEY), 200).path("chunks").asLong()).isZero();
  }

  @Test
  void aDocumentsMetadataComesBackAsItWasAddedItsNullsIncluded() {
    start(WordHashEmbedder::new);
    ok(http.post("/admin/collections", ADMIN_KEY, "{\"name\":\"faq\"}"), 201);
    String metadata = "{\"reviewed_by\":null,\"tags\":[\"a\",null],\"owner\":{\"team\":null,\"id\":7}}";
    ok(http.post("/admin/collections/faq/documents", ADMIN_KEY,
        "{\"documents\":[{\"id\":\"d\",\"text\":\"refund policy\",\"metadata\":" + metadata + "}]}"), 200);
    JsonNode hit = ok(http.post("/admin/collections/faq/query", ADMIN_KEY, "{\"query\":\"refund\"}"), 200)
        .path("results").get(0);
    assertThat(hit.path("metadata")).isEqualTo(RawHttp.json(metadata));
  }

  @Test
  void theRoutesNeedTheAdminKey() {
    start(WordHashEmbedder::new);
    assertThat(http.get("/admin/collections", null).statusCode()).isEqualTo(401);
    assertThat(http.post("/admin/collections", "ak-wrong-key", "{\"name\":\"x\"}").statusCode()).isIn(401, 403);
  }

  @Test
  void withoutAnEmbeddingModelListingWorksAndCreatingSaysWhy() {
    start(() -> {
      throw new IllegalStateException("no model file");
    });
    assertThat(ok(http.get("/admin/collections", ADMIN_KEY), 200).path("data")).isEmpty();
    JsonNode error = assertError(http.post("/admin/collections", ADMIN_KEY, "{\"name\":\"x\"}"), 500, "internal_error",
        "internal_error", null);
    assertThat(error.path("message").asText()).contains("embedding model").contains("no model file");
  }

  @Test
  void aCollectionWhoseIndexIsDamagedIsA500NamingItAndWhatToDoWithoutJavaClassNamesAndCanBeDeleted()
      throws IOException {
    Path dataDir = TempDirs.create();
    Path index = dataDir.resolve("collections/kb/index");
    try (Collections before = new Collections(dataDir.resolve("collections"), WordHashEmbedder::new)) {
      before.create("kb");
      before.add("kb", List.of(new NewDocument("refunds", "refunds take five days", null, null)));
    }
    try (var segments = Files.newDirectoryStream(index, "segments_*")) {
      Files.delete(segments.iterator().next()); // a copy of the data directory that missed the commit file
    }
    start(WordHashEmbedder::new, dataDir);

    String expected = "collection 'kb' cannot be read: its index (" + index + ") is damaged or has files missing:"
        + " delete the collection and create it again, then add its documents again";
    try (LogCapture log = LogCapture.of("io.helidon", "dev.apprentice")) {
      for (HttpResponse<String> response : List.of(http.get("/admin/collections/kb", ADMIN_KEY),
          http.post("/admin/collections/kb/query", ADMIN_KEY, "{\"query\":\"refunds\"}"))) {
        JsonNode error = assertError(response, 500, "internal_error", "internal_error", null);
        assertThat(error.path("message").asText()).isEqualTo(expected);
      }
      assertThat(log.alarms()).as("what Lucene said, for the operator").hasSize(2)
          .allSatisfy(line -> assertThat(line).contains(expected).contains("no segments* file found"));
    }
    ok(http.delete("/admin/collections/kb", ADMIN_KEY), 200);
    assertThat(ok(http.post("/admin/collections", ADMIN_KEY, "{\"name\":\"kb\"}"), 201).path("documents").asLong())
        .isZero();
  }
}
