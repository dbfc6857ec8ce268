package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /admin/traces} and its export leave out the calls carrying any tag given as {@code exclude_tag}. */
class TracesLeaveTagsOutTest {

  private PromptTestServer s;
  private String production;
  private String untagged;

  @BeforeEach
  void start() {
    s = new PromptTestServer();
    String ask = "{\"model\":\"alpha\",\"messages\":[{\"role\":\"user\",\"content\":\"hello?\"}]}";
    production = PromptTestServer.traceId(s.chat(ask, "support"));
    PromptTestServer.traceId(s.chat(ask, "eval, ev-1, baseline"));
    PromptTestServer.traceId(s.chat(ask, "smoke"));
    untagged = PromptTestServer.traceId(s.chat(ask));
    s.admin.flush();
  }

  @AfterEach
  void stop() {
    s.close();
  }

  private List<String> listed(String query) {
    List<String> ids = new ArrayList<>();
    s.get("/admin/traces" + query).path("data").forEach(t -> ids.add(t.path("id").asText()));
    return ids;
  }

  private List<String> exported(String query) {
    HttpResponse<String> response = s.admin.get("/admin/traces/export" + query);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    response.body().lines().forEach(line -> ids.add(RawHttp.json(line).path("id").asText()));
    return ids;
  }

  @Test
  void eachTagGivenAsExcludeTagLeavesItsCallsOutOfTheListAndTheExport() {
    assertThat(listed("?exclude_tag=eval&exclude_tag=smoke")).containsExactlyInAnyOrder(production, untagged);
    assertThat(exported("?exclude_tag=eval&exclude_tag=smoke")).containsExactlyInAnyOrder(production, untagged);
    assertThat(listed("?exclude_tag=eval&exclude_tag=smoke&exclude_tag=support")).containsExactly(untagged);
    assertThat(listed("?exclude_tag=eva")).hasSize(4);
  }

  @Test
  void aTagNoCallCanCarryIsA400NamingTheParameterAndSayingToGiveOneTagPerFilter() {
    String[][] refused = {{"?tag=,", "tag"}, {"?tag=a%2Cb", "tag"}, {"?exclude_tag=eval&exclude_tag=a,b", "exclude_tag"},
        {"?tag=", "tag"}, {"?tag=%20prod", "tag"}, {"?exclude_tag=a%1Bb", "exclude_tag"}};
    for (String[] query : refused) {
      for (String route : List.of("/admin/traces", "/admin/traces/export")) {
        JsonNode error = assertError(s.admin.get(route + query[0]), 400, "invalid_request_error", null, query[1]);
        assertThat(error.path("message").asText()).as(route + query[0]).startsWith(query[1] + " ");
      }
    }
    JsonNode comma = assertError(s.admin.get("/admin/traces?tag=a,b"), 400, "invalid_request_error", null, "tag");
    assertThat(comma.path("message").asText()).isEqualTo("tag holds a comma, and no tag does (x-apprentice-tags is split"
        + " on commas): give one tag per filter");
  }

  @Test
  void moreThanAHundredTagsToLeaveOutAreA400NamingTheParameterRatherThanAQueryTooDeepForTheStore() {
    String hundred = "?exclude_tag=t0" + java.util.stream.IntStream.range(1, 100)
        .mapToObj(i -> "&exclude_tag=t" + i).collect(java.util.stream.Collectors.joining());
    assertThat(listed(hundred)).hasSize(4);
    for (String route : List.of("/admin/traces", "/admin/traces/export")) {
      JsonNode error = assertError(s.admin.get(route + hundred + "&exclude_tag=one-too-many"), 400,
          "invalid_request_error", null, "exclude_tag");
      assertThat(error.path("message").asText()).isEqualTo("exclude_tag names 101 tags; at most 100 may be left out at"
          + " once");
    }
  }

  @Test
  void aTagAlsoLeftOutIsA400NamingExcludeTagAsADatasetFromTracesRefusesItRatherThanAnEmptyAnswer() {
    for (String route : List.of("/admin/traces", "/admin/traces/export")) {
      JsonNode error = assertError(s.admin.get(route + "?tag=smoke&exclude_tag=eval&exclude_tag=smoke"), 400,
          "invalid_request_error", null, "exclude_tag");
      assertThat(error.path("message").asText()).isEqualTo("the tag 'smoke' is both tag and in exclude_tag: no call"
          + " could match");
    }
  }

  @Test
  void aStatusNoCallCanHaveIsA400SayingWhatWasGivenAsEveryOtherTraceFilterDoes() {
    for (String route : List.of("/admin/traces", "/admin/traces/export")) {
      JsonNode error = assertError(s.admin.get(route + "?status=600"), 400, "invalid_request_error", null, "status");
      assertThat(error.path("message").asText()).isEqualTo("status must be ok, error or an HTTP status from 100 to 599"
          + " such as 429; got '600'");
    }
  }

  @Test
  void onlyTheTagsToLeaveOutMayBeGivenMoreThanOnce() {
    JsonNode error = assertError(s.admin.get("/admin/traces?tag=eval&tag=smoke"), 400, "invalid_request_error", null,
        "tag");
    assertThat(error.path("message").asText()).contains("given 2 times");
  }
}
