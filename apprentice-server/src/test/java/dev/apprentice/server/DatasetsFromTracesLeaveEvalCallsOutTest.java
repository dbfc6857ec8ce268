package dev.apprentice.server;

import static dev.apprentice.server.DatasetApiTest.trace;
import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.trace.TraceRecord;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A dataset built from traces leaves out the evaluation's own calls (tagged {@code eval}) unless asked to take them,
 * and any other tag it is told to; the version's source says which were left out.
 */
class DatasetsFromTracesLeaveEvalCallsOutTest {

  private PromptTestServer s;

  @BeforeEach
  void start() {
    s = new PromptTestServer();
  }

  @AfterEach
  void stop() {
    s.close();
  }

  private HttpResponse<String> fromTraces(String name, String body) {
    return s.http.post("/admin/datasets/" + name + "/from-traces", PromptTestServer.ADMIN_KEY, body);
  }

  private JsonNode made(String name, String body) {
    HttpResponse<String> response = fromTraces(name, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return RawHttp.json(response.body());
  }

  private List<String> traceIds(String name, int version) {
    HttpResponse<String> response = s.admin.get("/admin/datasets/" + name + "/versions/" + version + "/export");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    response.body().lines().forEach(line -> ids.add(RawHttp.json(line).path("metadata").path("trace_id").asText()));
    return ids;
  }

  private static String ask(String question) {
    return "{\"model\":\"alpha\",\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]}";
  }

  @Test
  void theCallsOfAnEvaluationRunAreLeftOutOfADatasetFromTracesUnlessAskedFor() {
    String production = PromptTestServer.traceId(s.chat(ask("where is my refund?"), "support"));
    List<String> evaluation = new ArrayList<>();
    for (String question : new String[] {"card lost?", "refund?", "pin?"}) {
      evaluation.add(PromptTestServer.traceId(s.chat(ask(question), "eval, ev-20261125-1, baseline")));
    }
    String untagged = PromptTestServer.traceId(s.chat(ask("hello?")));
    s.admin.flush();

    JsonNode made = made("flywheel", "{\"model\":\"alpha\"}");

    assertThat(made.path("items").asInt()).isEqualTo(2);
    assertThat(made.path("traces_matched").asInt()).isEqualTo(2);
    assertThat(made.path("source").asText()).isEqualTo("traces model=alpha exclude_tag=eval");
    assertThat(made.path("excluded_tags")).extracting(JsonNode::asText).containsExactly("eval");
    assertThat(traceIds("flywheel", 1)).containsExactlyInAnyOrder(production, untagged);

    JsonNode all = made("flywheel", "{\"model\":\"alpha\",\"include_eval_calls\":true}");
    assertThat(all.path("items").asInt()).isEqualTo(5);
    assertThat(all.path("traces_matched").asInt()).isEqualTo(5);
    assertThat(all.path("source").asText()).isEqualTo("traces model=alpha include_eval_calls=true");
    assertThat(all.path("excluded_tags")).isEmpty();
    assertThat(traceIds("flywheel", 2)).containsAll(evaluation);

    JsonNode neither = made("other", "{\"exclude_tags\":[\"support\"]}");
    assertThat(traceIds("other", 1)).containsExactly(untagged);
    assertThat(neither.path("source").asText()).isEqualTo("traces exclude_tag=eval exclude_tag=support");
  }

  @Test
  void aLimitAndAnAppendCountOnlyTheCallsNotLeftOut() {
    Instant now = Instant.now();
    List<TraceRecord> calls = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      // the oldest calls are an evaluation's, then production calls alternate with more of them
      List<String> tags = i <= 2 || i % 2 == 0 ? List.of("eval", "ev-1", "small") : List.of("prod");
      calls.add(trace("t-" + i, now.minusSeconds(600 - i), "alpha", null, tags, 200, "q" + i + "?", "a" + i));
    }
    calls.add(trace("t-7", now.minusSeconds(500), "alpha", null, List.of(), 200, "q7?", "a7"));
    s.server.store().traces().append(calls);

    JsonNode first = made("batches", "{\"limit\":1}");
    JsonNode next = made("batches", "{\"limit\":1,\"append\":true}");
    JsonNode rest = made("batches", "{\"append\":true}");

    assertThat(traceIds("batches", 1)).containsExactly("t-3");
    assertThat(first.path("traces_matched").asInt()).isEqualTo(1);
    assertThat(traceIds("batches", 2)).containsExactly("t-3", "t-5");
    assertThat(next.path("skipped_already_in_dataset").asInt()).isEqualTo(1);
    assertThat(traceIds("batches", 3)).containsExactly("t-3", "t-5", "t-7");
    assertThat(rest.path("traces_matched").asInt()).isEqualTo(3);
    assertThat(rest.path("skipped_already_in_dataset").asInt()).isEqualTo(2);

    HttpResponse<String> nothingNew = fromTraces("batches", "{\"append\":true}");
    assertThat(nothingNew.statusCode()).as(nothingNew.body()).isEqualTo(200);
    assertThat(RawHttp.json(nothingNew.body()).path("version").asInt()).as("the latest, unchanged").isEqualTo(3);
    assertThat(RawHttp.json(nothingNew.body()).path("excluded_tags").toString()).isEqualTo("[\"eval\"]");
    JsonNode withEval = made("batches", "{\"append\":true,\"include_eval_calls\":true}");
    assertThat(withEval.path("items").asInt()).isEqualTo(7);
    assertThat(withEval.path("skipped_already_in_dataset").asInt()).isEqualTo(3);
  }

  @Test
  void newFiltersOfTheWrongTypeOrThatContradictEachOtherAreA400NamingTheFieldAndNothingIsStored() {
    s.server.store().traces().append(List.of(
        trace("t-1", Instant.now().minusSeconds(60), "alpha", null, List.of("prod"), 200, "refund?", "refund")));

    String[][] refused = {
        {"{\"exclude_tags\":\"eval\"}", "exclude_tags"},
        {"{\"exclude_tags\":[\"ok\",1]}", "exclude_tags"},
        {"{\"exclude_tags\":{\"tag\":\"eval\"}}", "exclude_tags"},
        {"{\"include_eval_calls\":\"yes\"}", "include_eval_calls"},
        {"{\"include_eval_calls\":1}", "include_eval_calls"},
        {"{\"tag\":\"eval\"}", "tag"},
        {"{\"tag\":\"prod\",\"exclude_tags\":[\"prod\"]}", "exclude_tags"},
        {"{\"include_eval_calls\":true,\"exclude_tags\":[\"eval\"]}", "include_eval_calls"},
        {"{\"exclude_tag\":[\"eval\"]}", "exclude_tag"},
        {"{\"tag\":\"\"}", "tag"},
        {"{\"tag\":\"a,b\"}", "tag"},
        {"{\"exclude_tags\":[\"ok\",\",\"]}", "exclude_tags"},
        {"{\"status\":\"600\"}", "status"},
        {"{\"status\":\"099\"}", "status"},
        {"{\"exclude_tags\":[" + java.util.stream.IntStream.range(0, 101).mapToObj(i -> "\"t" + i + "\"")
            .collect(java.util.stream.Collectors.joining(",")) + "]}", "exclude_tags"}};
    for (String[] body : refused) {
      JsonNode error = assertError(fromTraces("flywheel", body[0]), 400, "invalid_request_error", null, body[1]);
      assertThat(error.path("message").asText()).as(body[0]).contains(body[1]);
    }
    assertThat(s.get("/admin/datasets").path("data")).isEmpty();
    JsonNode none = assertError(fromTraces("flywheel", "{\"tag\":\"eval\",\"include_eval_calls\":true,"
        + "\"exclude_tags\":null}"), 400, "invalid_request_error", null, null);
    assertThat(none.path("message").asText()).as("no call is tagged eval").startsWith("no trace to learn from: 0 matched")
        .doesNotContain("left out");
  }
}
