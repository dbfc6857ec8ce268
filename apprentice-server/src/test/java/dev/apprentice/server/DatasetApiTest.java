package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.trace.TraceDetails;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.api.trace.Tokens;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The datasets admin API: imports, versions, export, building a version from traces, and its errors. */
class DatasetApiTest {

  private static final String JSONL = """
      {"input": "I lost my card", "expected": "lost_card", "metadata": {"split": "test"}}
      {"input": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Where is my refund?"}], "expected": {"label": "refund", "confidence": 1}}

      {"input": "Card declined at a shop", "lang": "en"}
      """;
  private static final String CSV = "text,category,source\r\n"
      + "\"I lost my card, help\",lost_card,web\r\n"
      + "\"He said \"\"hi\"\"\nthen left\",greeting,\r\n";

  private PromptTestServer s;

  @BeforeEach
  void start() {
    s = new PromptTestServer();
  }

  @AfterEach
  void stop() {
    s.close();
  }

  private JsonNode created(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return RawHttp.json(response.body());
  }

  private List<JsonNode> export(String path) {
    HttpResponse<String> response = s.admin.get(path);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<JsonNode> rows = new ArrayList<>();
    response.body().lines().forEach(line -> rows.add(RawHttp.json(line)));
    return rows;
  }

  @Test
  void jsonLinesAndCsvImportsMakeVersionsThatExportBackAsTheyCameIn() {
    JsonNode first = created(s.upload("/admin/datasets/intents/import?format=jsonl&file=a.jsonl", "application/x-ndjson", JSONL));
    assertThat(first.path("id").asText()).isEqualTo("intents@1");
    assertThat(first.path("items").asInt()).isEqualTo(3);
    assertThat(first.path("source").asText()).isEqualTo("import a.jsonl (jsonl)");

    JsonNode second = created(s.upload("/admin/datasets/intents/import?input_column=text&expected_column=category",
        "text/csv", CSV));
    assertThat(second.path("version").asInt()).isEqualTo(2);
    assertThat(second.path("items").asInt()).isEqualTo(2);

    List<JsonNode> v1 = export("/admin/datasets/intents/versions/1/export");
    assertThat(v1).hasSize(3);
    assertThat(v1.get(0).toString()).isEqualTo("{\"input\":\"I lost my card\",\"expected\":\"lost_card\",\"metadata\":{\"split\":\"test\"}}");
    assertThat(v1.get(1).path("input").get(1).path("content").asText()).isEqualTo("Where is my refund?");
    assertThat(v1.get(1).path("expected").path("label").asText()).isEqualTo("refund");
    assertThat(v1.get(2).hasNonNull("expected")).isFalse();
    assertThat(v1.get(2).path("metadata").path("lang").asText()).isEqualTo("en");

    List<JsonNode> v2 = export("/admin/datasets/intents/versions/latest/export");
    assertThat(v2.get(0).path("input").asText()).isEqualTo("I lost my card, help");
    assertThat(v2.get(1).path("input").asText()).isEqualTo("He said \"hi\"\nthen left");
    assertThat(v2.get(1).path("expected").asText()).isEqualTo("greeting");
    assertThat(v2.get(1).path("metadata").path("source").asText()).isEmpty();

    StringBuilder exported = new StringBuilder();
    v1.forEach(row -> exported.append(row).append('\n'));
    JsonNode reimported = created(s.upload("/admin/datasets/copy/import", "application/x-ndjson", exported.toString()));
    assertThat(export("/admin/datasets/copy/versions/1/export")).isEqualTo(v1);
    assertThat(reimported.path("items").asInt()).isEqualTo(3);

    JsonNode appended = created(s.upload("/admin/datasets/intents/import?append=true", "application/x-ndjson", JSONL));
    assertThat(appended.path("items").asInt()).isEqualTo(5);
    JsonNode shown = s.get("/admin/datasets/intents/versions/3?limit=2&offset=1");
    assertThat(shown.path("data")).extracting(i -> i.path("index").asInt()).containsExactly(1, 2);
    assertThat(s.get("/admin/datasets/intents").path("versions")).extracting(v -> v.path("items").asInt())
        .containsExactly(3, 2, 5);
    assertThat(s.get("/admin/datasets").path("data")).extracting(d -> d.path("name").asText()).containsExactly("copy", "intents");
  }

  @Test
  void anAppendOfAFileWithNoRowAnswersTheLatestVersionUnchangedAsAPushOfAnUnchangedPromptDoes() {
    JsonNode first = created(s.upload("/admin/datasets/intents/import", "application/x-ndjson", JSONL));
    assertThat(first.path("created").asBoolean()).isTrue();

    HttpResponse<String> empty = s.upload("/admin/datasets/intents/import?append=true", "application/x-ndjson", "");
    assertThat(empty.statusCode()).as(empty.body()).isEqualTo(200);
    JsonNode kept = RawHttp.json(empty.body());
    assertThat(kept.path("created").asBoolean(true)).isFalse();
    assertThat(kept.path("id").asText()).isEqualTo("intents@1");
    assertThat(kept.path("items").asInt()).isEqualTo(3);
    assertThat(kept.path("items_added").asInt()).isZero();
    assertThat(s.get("/admin/datasets/intents").path("versions")).hasSize(1);
    assertError(s.upload("/admin/datasets/fresh/import?append=true", "application/x-ndjson", ""), 400,
        "invalid_request_error", null, null);
    assertError(s.upload("/admin/datasets/intents/import", "application/x-ndjson", ""), 400, "invalid_request_error",
        null, null);
  }

  @Test
  void anExportKeepsTheNullsOfExpectedValuesAndMetadataSoItImportsBackAsTheSameItems() {
    String jsonl = "{\"input\":\"refund?\",\"expected\":{\"label\":\"refund\",\"reason\":null},\"note\":null,"
        + "\"metadata\":{\"scores\":[1,null],\"review\":{\"by\":null}}}\n"
        + "{\"input\":[{\"role\":\"user\",\"content\":\"hi\"}],\"lang\":\"en\"}\n";
    created(s.upload("/admin/datasets/nulls/import", "application/x-ndjson", jsonl));

    String exported = s.admin.get("/admin/datasets/nulls/versions/1/export").body();
    JsonNode first = RawHttp.json(exported.lines().findFirst().orElseThrow());
    assertThat(first.path("expected").has("reason")).as(exported).isTrue();
    assertThat(first.path("metadata").path("scores")).hasSize(2);
    assertThat(first.path("metadata").path("review").has("by")).isTrue();
    assertThat(RawHttp.json(exported.lines().skip(1).findFirst().orElseThrow()).has("expected")).isFalse();

    created(s.upload("/admin/datasets/nulls/import", "application/x-ndjson", exported));
    assertThat(s.admin.get("/admin/datasets/nulls/versions/2/export").body()).isEqualTo(exported);
  }

  @Test
  void aChatRowWhoseFinalAssistantMessageCallsAToolKeepsTheWholeMessageAsItsExpectedAnswer() {
    String jsonl = "{\"messages\":[{\"role\":\"user\",\"content\":\"weather in Oslo?\"},{\"role\":\"assistant\","
        + "\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"weather\","
        + "\"arguments\":\"{}\"}}]}]}\n"
        + "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"hello\"}]}\n";
    created(s.upload("/admin/datasets/tools/import", "application/x-ndjson", jsonl));

    List<JsonNode> rows = export("/admin/datasets/tools/versions/1/export");
    assertThat(rows.get(0).path("input")).hasSize(1);
    assertThat(rows.get(0).path("expected").path("tool_calls").get(0).path("function").path("name").asText())
        .as(rows.get(0).toString()).isEqualTo("weather");
    assertThat(rows.get(1).path("expected").asText()).isEqualTo("hello");
  }

  @Test
  void aRowThatGivesAKeyTwiceIsRefusedWithItsLineRatherThanImportedWithTheLastValue() {
    String jsonl = "\uFEFF{\"input\": \"refund?\", \"expected\": \"refund\"}\r\n\r\n"
        + "{\"input\": \"lost card\", \"expected\": \"lost_card\", \"expected\": \"refund\"}\r\n";

    JsonNode error = assertError(s.upload("/admin/datasets/twice/import", "application/x-ndjson", jsonl), 400,
        "invalid_request_error", null, null);

    assertThat(error.path("message").asText())
        .isEqualTo("line 3: the key 'expected' is given twice; one of the two values would be lost");
    assertThat(s.get("/admin/datasets").path("data")).isEmpty();
  }

  @Test
  void aRowThatIsNotJsonIsRefusedInPlainWordsNamingNoSettingOfTheParser() {
    JsonNode error = assertError(s.upload("/admin/datasets/intents/import", "application/x-ndjson",
        "{\"input\": \"ok\"}\n{\"input\": \"x\", \"score\": NaN}\n"), 400, "invalid_request_error", null, null);

    assertThat(error.path("message").asText()).isEqualTo("line 2: not a JSON object (NaN is not a JSON number)");
    assertThat(s.get("/admin/datasets").path("data")).isEmpty();
  }

  @Test
  void aBadRowIsReportedWithItsLineAndNothingIsStored() {
    String jsonl = JSONL + "{\"expected\": \"no input\"}\n";
    JsonNode error = assertError(s.upload("/admin/datasets/intents/import", "application/x-ndjson", jsonl), 400,
        "invalid_request_error", null, null);
    assertThat(error.path("message").asText()).startsWith("line 5: no 'input' field");
    assertThat(assertError(s.upload("/admin/datasets/intents/import", "application/x-ndjson", "{\"input\": \"ok\"}\n{oops\n"),
        400, "invalid_request_error", null, null).path("message").asText()).startsWith("line 2: not a JSON object (");
    assertThat(assertError(s.upload("/admin/datasets/intents/import?format=csv", "text/csv", "input,expected\na,b\nc\n"),
        400, "invalid_request_error", null, null).path("message").asText())
        .isEqualTo("line 3: 1 fields where the header has 2");
    assertThat(assertError(s.upload("/admin/datasets/intents/import?format=csv&input_column=text", "text/csv",
        "text,category,text\na,b,c\n"), 400, "invalid_request_error", null, null).path("message").asText())
        .isEqualTo("line 1: the header names the column 'text' twice (columns 1 and 3); rename one");
    assertThat(assertError(s.upload("/admin/datasets/intents/import?format=csv", "text/csv", CSV), 400,
        "invalid_request_error", null, null).path("message").asText()).contains("no column 'input'");
    assertError(s.upload("/admin/datasets/intents/import?format=xml", "text/xml", "<a/>"), 400, "invalid_request_error",
        null, "format");
    assertThat(assertError(s.upload("/admin/datasets/intents/import?bogus=1", "application/x-ndjson", JSONL), 400,
        "invalid_request_error", null, "bogus").path("message").asText())
        .isEqualTo("unknown query parameter 'bogus' (this route takes append, expected_column, file, format, input_column)");
    assertError(s.upload("/admin/datasets/Intents/import", "application/x-ndjson", JSONL), 400, "invalid_request_error",
        null, "name");
    assertThat(s.get("/admin/datasets").path("data")).isEmpty();
    assertError(s.admin.get("/admin/datasets/intents"), 404, "invalid_request_error", "not_found", null);
    assertError(s.admin.get("/admin/datasets/intents/versions/2"), 404, "invalid_request_error", "not_found", null);
  }

  @Test
  void anImportWhoseExpectedColumnIsItsInputColumnIsA400NamingBothAndNothingIsStored() {
    JsonNode same = assertError(s.upload("/admin/datasets/intents/import?format=csv&input_column=text&expected_column=text",
        "text/csv", CSV), 400, "invalid_request_error", null, "expected_column");
    assertThat(same.path("message").asText()).isEqualTo("input_column and expected_column both name 'text'; the input"
        + " and the expected answer must come from different fields or columns");
    assertThat(assertError(s.upload("/admin/datasets/intents/import?expected_column=input", "application/x-ndjson",
        JSONL), 400, "invalid_request_error", null, "expected_column").path("message").asText())
        .startsWith("expected_column names 'input', which is the input column when no input_column is given;");
    assertThat(s.get("/admin/datasets").path("data")).isEmpty();
  }

  @Test
  void csvRowsMadeOnlyOfSeparatorsAreSkippedSoASpreadsheetsExportImports() {
    JsonNode version = created(s.upload("/admin/datasets/sheet/import?format=csv", "text/csv",
        "input,expected,source\r\nrefund?,refund,web\r\n,,\r\n,,\r\n"));

    assertThat(version.path("items").asInt()).isEqualTo(1);
    assertThat(assertError(s.upload("/admin/datasets/sheet/import?format=csv", "text/csv",
        "input,expected,source\nrefund?,refund,web\n,,\n,lost_card,\n"), 400, "invalid_request_error", null, null)
        .path("message").asText()).isEqualTo("line 4: the 'input' cell is empty");
  }

  @Test
  void anAnswerThatCallsAToolIsKeptWholeWithItsCallsStreamedOrNotAndWithTextBesideThemOrNot() {
    String call = "\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
        + "\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}]";
    Instant now = Instant.now();
    s.server.store().traces().append(List.of(
        answered("t-1", now.minusSeconds(50), "{\"role\":\"assistant\",\"content\":\"Let me look that up.\"," + call + "}"),
        answered("t-2", now.minusSeconds(40), "{\"role\":\"assistant\",\"content\":\"\"," + call + "}"),
        answered("t-3", now.minusSeconds(30), "{\"role\":\"assistant\",\"content\":null," + call + "}"),
        answered("t-4", now.minusSeconds(20), "{\"role\":\"assistant\",\"content\":\"\",\"refusal\":\"I can't.\"}"),
        answered("t-5", now.minusSeconds(10), "{\"role\":\"assistant\",\"content\":\"Sunny.\"}")));

    created(s.http.post("/admin/datasets/tools/from-traces", PromptTestServer.ADMIN_KEY, "{}"));

    List<JsonNode> rows = export("/admin/datasets/tools/versions/1/export");
    for (JsonNode row : rows.subList(0, 3)) {
      assertThat(row.path("expected").path("tool_calls").get(0).path("function").path("arguments").asText())
          .as(row.toString()).isEqualTo("{\"city\":\"Oslo\"}");
    }
    assertThat(rows.get(0).path("expected").path("content").asText()).isEqualTo("Let me look that up.");
    assertThat(rows.get(3).path("expected").path("refusal").asText()).isEqualTo("I can't.");
    assertThat(rows.get(4).path("expected").asText()).isEqualTo("Sunny.");
  }

  /** An answered call to {@code alpha} whose answer's message is {@code message} (JSON). */
  private static TraceRecord answered(String id, Instant at, String message) {
    String request = "{\"model\":\"alpha\",\"messages\":[{\"role\":\"user\",\"content\":\"weather in Oslo?\"}]}";
    return new TraceRecord(id, at, "default", null, "alpha", "simulator", "sim-echo", "sim-echo", null, false, 200, null,
        null, new Tokens(5, 3, 0, 0, 0), false, 0, 10, null, 1, "miss", null, List.of(), Map.of(), request,
        "{\"choices\":[{\"index\":0,\"message\":" + message + "}]}", List.of(), TraceDetails.NONE);
  }

  /** A call to {@code model} asking {@code question} (null: captured metadata-only) and answered {@code answer}. */
  static TraceRecord trace(String id, Instant at, String model, String prompt, List<String> tags, int status,
      String question, String answer) {
    String request = question == null ? null : "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\""
        + question + "\"}]" + (prompt == null ? "" : ",\"variables\":{\"q\":\"" + question + "\"}") + "}";
    String response = answer == null ? null
        : "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + answer + "\"}}]}";
    return new TraceRecord(id, at, "default", null, model, "simulator", "sim-echo", "sim-echo", null, false, status,
        status == 200 ? null : "upstream_error", status == 200 ? null : "failed", new Tokens(5, 3, 0, 0, 0), false, 0,
        10, null, 1, "miss", null, tags, Map.of(), request, response, List.of(), TraceDetails.NONE.withPrompt(prompt));
  }

  /** A call refused before its body was read (no key): no request recorded, no model asked, whatever the capture. */
  private static TraceRecord refusedUnread(String id, Instant at, String model) {
    return new TraceRecord(id, at, "unauthenticated", null, model, null, null, null, null, false, 401,
        "invalid_api_key", "no key", Tokens.NONE, false, 0, 1, null, 1, "miss", null, List.of("prod"), Map.of(), null,
        null, List.of());
  }

  @Test
  void callsRefusedBeforeTheirRequestWasRecordedAreCountedApartFromMetadataOnlyOnesAndUnansweredItemsAreCounted() {
    Instant now = Instant.now();
    s.server.store().traces().append(List.of(
        trace("t-1", now.minusSeconds(3600), "alpha", null, List.of("prod"), 200, "refund?", "refund"),
        trace("t-2", now.minusSeconds(1800), "alpha", null, List.of("prod"), 200, null, null),
        refusedUnread("t-3", now.minusSeconds(1200), "alpha"),
        trace("t-4", now.minusSeconds(900), "alpha", null, List.of("prod"), 502, "card?", null)));

    JsonNode made = created(s.http.post("/admin/datasets/unread/from-traces", PromptTestServer.ADMIN_KEY,
        "{\"model\":\"alpha\"}"));

    assertThat(made.path("items").asInt()).isEqualTo(2);
    assertThat(made.path("traces_matched").asInt()).isEqualTo(4);
    assertThat(made.path("skipped_metadata_only").asInt()).isEqualTo(1);
    assertThat(made.path("skipped_refused").asInt()).isEqualTo(1);
    assertThat(made.path("skipped_unreadable").asInt()).isZero();
    assertThat(made.path("items_without_answer").asInt()).isEqualTo(1);
  }

  @Test
  void callsTheServerRefusedBeforeReadingTheirRequestAreNotCountedAsCapturedMetadataOnly() {
    String hello = "{\"model\":\"alpha\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
    assertThat(s.chat(hello).statusCode()).isEqualTo(200);
    assertThat(s.chat("{not json").statusCode()).isEqualTo(400);
    assertThat(s.chat(hello.replace("alpha", "gamma")).statusCode()).isEqualTo(404);
    assertThat(s.http.post("/v1/chat/completions", "ak-nope-nope", hello).statusCode()).isEqualTo(401);
    s.admin.flush();

    JsonNode made = created(s.http.post("/admin/datasets/walkthrough/from-traces", PromptTestServer.ADMIN_KEY, "{}"));

    assertThat(made.path("items").asInt()).isEqualTo(1);
    assertThat(made.path("traces_matched").asInt()).isEqualTo(4);
    assertThat(made.path("skipped_refused").asInt()).isEqualTo(3);
    assertThat(made.path("skipped_metadata_only").asInt()).isZero();
    assertThat(made.path("items_without_answer").asInt()).isZero();
  }

  @Test
  void anAppendFromTracesLeavesOutTheCallsTheDatasetAlreadyHoldsSoOverlappingWindowsAddEachCallOnce() {
    Instant now = Instant.now();
    s.server.store().traces().append(List.of(
        trace("t-1", now.minusSeconds(3600), "alpha", null, List.of(), 200, "refund?", "refund"),
        trace("t-2", now.minusSeconds(1800), "alpha", null, List.of(), 200, "card?", "lost_card")));
    assertThat(created(s.http.post("/admin/datasets/daily/from-traces", PromptTestServer.ADMIN_KEY, "{\"since\":\"1d\"}"))
        .path("items").asInt()).isEqualTo(2);
    s.server.store().traces().append(List.of(
        trace("t-3", now.minusSeconds(60), "alpha", null, List.of(), 200, "hello?", "greeting")));

    JsonNode appended = created(s.http.post("/admin/datasets/daily/from-traces", PromptTestServer.ADMIN_KEY,
        "{\"since\":\"1d\",\"append\":true}"));

    assertThat(appended.path("items").asInt()).isEqualTo(3);
    assertThat(appended.path("traces_matched").asInt()).isEqualTo(3);
    assertThat(appended.path("skipped_already_in_dataset").asInt()).isEqualTo(2);
    assertThat(export("/admin/datasets/daily/versions/2/export")).extracting(r -> r.path("metadata").path("trace_id").asText())
        .containsExactly("t-1", "t-2", "t-3");
    HttpResponse<String> again = s.http.post("/admin/datasets/daily/from-traces", PromptTestServer.ADMIN_KEY,
        "{\"since\":\"1d\",\"append\":true}");
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    JsonNode nothingNew = RawHttp.json(again.body());
    assertThat(nothingNew.path("created").asBoolean(true)).isFalse();
    assertThat(nothingNew.path("version").asInt()).as("the latest, unchanged").isEqualTo(2);
    assertThat(nothingNew.path("items").asInt()).isEqualTo(3);
    assertThat(nothingNew.path("items_added").asInt()).isZero();
    assertThat(nothingNew.path("skipped_already_in_dataset").asInt()).isEqualTo(3);
    assertThat(s.admin.get("/admin/datasets/daily").body()).contains("\"latest_version\":2");
    assertThat(created(s.http.post("/admin/datasets/daily/from-traces", PromptTestServer.ADMIN_KEY, "{\"since\":\"1d\"}"))
        .path("items").asInt()).as("without append, a new version of every match").isEqualTo(3);
  }

  @Test
  void aFailedCallWhoseTraceKeptPartOfAnAnswerMakesAnItemWithoutExpectedRatherThanTheCutOrBlockedAnswer() {
    Instant now = Instant.now();
    s.server.store().traces().append(List.of(
        trace("t-1", now.minusSeconds(300), "alpha", null, List.of(), 502, "refund?", "Your refund will be iss"),
        trace("t-2", now.minusSeconds(200), "alpha", null, List.of(), 422, "key?", "The key is <SECRET_1>"),
        trace("t-3", now.minusSeconds(100), "alpha", null, List.of(), 200, "card?", "lost_card")));

    JsonNode made = created(s.http.post("/admin/datasets/cut/from-traces", PromptTestServer.ADMIN_KEY, "{}"));

    assertThat(made.path("items").asInt()).isEqualTo(3);
    assertThat(made.path("items_without_answer").asInt()).isEqualTo(2);
    assertThat(export("/admin/datasets/cut/versions/1/export")).extracting(r -> r.path("expected").asText(null))
        .containsExactly(null, null, "lost_card");
  }

  @Test
  void anAppendWithALimitTakesTheNextCallsTheDatasetDoesNotHoldYet() {
    Instant now = Instant.now();
    List<TraceRecord> calls = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      calls.add(trace("t-" + i, now.minusSeconds(600 - i), "alpha", null, List.of(), 200, "q" + i + "?", "a" + i));
    }
    s.server.store().traces().append(calls);
    created(s.http.post("/admin/datasets/batches/from-traces", PromptTestServer.ADMIN_KEY, "{\"limit\":2}"));

    JsonNode next = created(s.http.post("/admin/datasets/batches/from-traces", PromptTestServer.ADMIN_KEY,
        "{\"limit\":2,\"append\":true}"));
    JsonNode last = created(s.http.post("/admin/datasets/batches/from-traces", PromptTestServer.ADMIN_KEY,
        "{\"limit\":2,\"append\":true}"));

    assertThat(next.path("items").asInt()).isEqualTo(4);
    assertThat(next.path("skipped_already_in_dataset").asInt()).isEqualTo(2);
    assertThat(last.path("items").asInt()).isEqualTo(5);
    assertThat(export("/admin/datasets/batches/versions/3/export")).extracting(r -> r.path("metadata").path("trace_id").asText())
        .containsExactly("t-1", "t-2", "t-3", "t-4", "t-5");
  }

  @Test
  void aLimitTooLargeForAWholeNumberIsRefusedRatherThanWrappedAround() {
    s.server.store().traces().append(List.of(
        trace("t-1", Instant.now().minusSeconds(60), "alpha", null, List.of(), 200, "refund?", "refund")));

    // 2^32 + 1 read as an int is 1: a dataset of one trace instead of an error
    assertError(s.http.post("/admin/datasets/flywheel/from-traces", PromptTestServer.ADMIN_KEY, "{\"limit\":4294967297}"),
        400, "invalid_request_error", null, "limit");
  }

  @Test
  void aFromTracesBodyThatIsJsonNullIsA400RatherThanNoFilters() {
    s.server.store().traces().append(List.of(
        trace("t-1", Instant.now().minusSeconds(60), "alpha", null, List.of(), 200, "refund?", "refund")));

    JsonNode error = assertError(s.http.post("/admin/datasets/flywheel/from-traces", PromptTestServer.ADMIN_KEY, "null"),
        400, "invalid_request_error", null, null);
    assertThat(error.path("message").asText()).contains("JSON object of filters");
    assertThat(s.get("/admin/datasets").path("data")).isEmpty();
  }

  @Test
  void anAppendThatIsNotABooleanIsA400NamingItWhereverItIsGiven() {
    s.server.store().traces().append(List.of(
        trace("t-1", Instant.now().minusSeconds(60), "alpha", null, List.of(), 200, "refund?", "refund")));

    assertError(s.http.post("/admin/datasets/flywheel/from-traces", PromptTestServer.ADMIN_KEY, "{\"append\":\"yes\"}"),
        400, "invalid_request_error", null, "append");
    assertError(s.http.post("/admin/datasets/flywheel/from-traces", PromptTestServer.ADMIN_KEY, "{\"append\":1}"),
        400, "invalid_request_error", null, "append");
    assertError(s.upload("/admin/datasets/intents/import?append=yes", "application/x-ndjson", JSONL),
        400, "invalid_request_error", null, "append");
    assertThat(s.get("/admin/datasets").path("data")).isEmpty();
  }

  @Test
  void aPromptFilterWhoseVersionIsNotANumberIsA400() {
    s.server.store().traces().append(List.of(
        trace("t-1", Instant.now().minusSeconds(60), "alpha", "triage@1", List.of(), 200, "refund?", "refund")));

    for (String prompt : new String[] {"triage@abc", "triage@production", "triage@0", "Triage", "triage@"}) {
      assertError(s.http.post("/admin/datasets/flywheel/from-traces", PromptTestServer.ADMIN_KEY,
          "{\"prompt\":\"" + prompt + "\"}"), 400, "invalid_request_error", null, "prompt");
    }
    assertThat(created(s.http.post("/admin/datasets/flywheel/from-traces", PromptTestServer.ADMIN_KEY,
        "{\"prompt\":\"triage@1\",\"append\":false}")).path("items").asInt()).isEqualTo(1);
  }

  @Test
  void aVersionFromTracesTakesCapturedRequestsAndAnswersAndCountsMetadataOnlyCalls() {
    Instant now = Instant.now();
    s.server.store().traces().append(List.of(
        trace("t-old", now.minusSeconds(10 * 86400), "alpha", null, List.of(), 200, "too old", "old"),
        trace("t-1", now.minusSeconds(3600), "alpha", "triage@1", List.of("prod"), 200, "refund?", "refund"),
        trace("t-2", now.minusSeconds(1800), "alpha", null, List.of("prod"), 200, null, null),
        trace("t-3", now.minusSeconds(900), "alpha", "triage@2", List.of("prod"), 502, "card?", null),
        trace("t-4", now.minusSeconds(600), "beta", "triage@2", List.of("prod"), 200, "lost?", "lost_card"),
        trace("t-5", now.minusSeconds(300), "alpha", "triage@2", List.of("dev"), 200, "hello?", "greeting")));

    JsonNode made = created(s.http.post("/admin/datasets/flywheel/from-traces", PromptTestServer.ADMIN_KEY,
        "{\"model\":\"alpha\",\"since\":\"7d\",\"tag\":\"prod\"}"));
    assertThat(made.path("items").asInt()).isEqualTo(2);
    assertThat(made.path("traces_matched").asInt()).isEqualTo(3);
    assertThat(made.path("skipped_metadata_only").asInt()).isEqualTo(1);
    assertThat(made.path("source").asText()).isEqualTo("traces model=alpha since=7d tag=prod exclude_tag=eval");
    List<JsonNode> rows = export("/admin/datasets/flywheel/versions/1/export");
    assertThat(rows.get(0).path("input").get(0).path("content").asText()).isEqualTo("refund?");
    assertThat(rows.get(0).path("expected").asText()).isEqualTo("refund");
    assertThat(rows.get(0).path("metadata").path("trace_id").asText()).isEqualTo("t-1");
    assertThat(rows.get(0).path("metadata").path("prompt").asText()).isEqualTo("triage@1");
    assertThat(rows.get(0).path("metadata").path("variables").path("q").asText()).isEqualTo("refund?");
    assertThat(rows.get(1).hasNonNull("expected")).isFalse();

    JsonNode byPrompt = created(s.http.post("/admin/datasets/flywheel/from-traces", PromptTestServer.ADMIN_KEY,
        "{\"prompt\":\"triage@2\",\"status\":\"ok\"}"));
    assertThat(byPrompt.path("version").asInt()).isEqualTo(2);
    assertThat(export("/admin/datasets/flywheel/versions/2/export")).extracting(r -> r.path("metadata").path("trace_id").asText())
        .containsExactly("t-4", "t-5");

    JsonNode window = created(s.http.post("/admin/datasets/window/from-traces", PromptTestServer.ADMIN_KEY,
        "{\"model\":\"alpha\",\"since\":\"7d\",\"until\":\"10m\"}"));
    assertThat(window.path("source").asText()).isEqualTo("traces model=alpha since=7d until=10m exclude_tag=eval");
    assertThat(export("/admin/datasets/window/versions/1/export")).extracting(r -> r.path("metadata").path("trace_id").asText())
        .containsExactly("t-1", "t-3");

    JsonNode none = assertError(s.http.post("/admin/datasets/other/from-traces", PromptTestServer.ADMIN_KEY,
        "{\"model\":\"alpha\",\"since\":\"2000s\",\"until\":\"1000s\"}"), 400, "invalid_request_error", null, null);
    assertThat(none.path("message").asText()).contains("no trace to learn from: 1 matched the filters, 1 of them "
        + "without a captured request (1 captured metadata-only, 0 refused before any model was asked), 0 unreadable");
    assertError(s.http.post("/admin/datasets/other/from-traces", PromptTestServer.ADMIN_KEY, "{\"colour\":\"red\"}"), 400,
        "invalid_request_error", null, "colour");
    assertError(s.http.post("/admin/datasets/other/from-traces", PromptTestServer.ADMIN_KEY, "{\"since\":\"yesterday\"}"),
        400, "invalid_request_error", null, "since");
  }
}
