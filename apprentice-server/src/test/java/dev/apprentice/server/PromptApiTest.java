package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The prompt registry's admin API: push, list, show, versions and labels, with its errors. */
class PromptApiTest {

  private static final String V1 = """
      {"name": "support-triage", "model": "alpha", "parameters": {"temperature": 0.2},
       "messages": [{"role": "system", "content": "Triage for {{product}}."}, {"role": "user", "content": "{{ticket}}"}]}""";
  private static final String V2 = V1.replace("Triage for", "Triage tickets for");

  private PromptTestServer s;

  @BeforeEach
  void start() {
    s = new PromptTestServer();
  }

  @AfterEach
  void stop() {
    s.close();
  }

  @Test
  void pushingMakesVersionsAndTheSameContentTwiceMakesNone() {
    JsonNode first = s.push(V1, 201);
    assertThat(first.path("object").asText()).isEqualTo("prompt.version");
    assertThat(first.path("id").asText()).isEqualTo("support-triage@1");
    assertThat(first.path("variables")).extracting(JsonNode::asText).containsExactly("product", "ticket");
    assertThat(first.path("parameters").path("temperature").asDouble()).isEqualTo(0.2);
    assertThat(first.path("created").asBoolean()).isTrue();

    JsonNode same = s.push(V1, 200);
    assertThat(same.path("created").asBoolean()).isFalse();
    assertThat(same.path("version").asInt()).isEqualTo(1);
    assertThat(s.push(V2, 201).path("version").asInt()).isEqualTo(2);

    JsonNode shown = s.get("/admin/prompts/support-triage");
    assertThat(shown.path("latest_version").asInt()).isEqualTo(2);
    assertThat(shown.path("versions")).hasSize(2);
    assertThat(shown.path("versions").get(0).path("messages").get(0).path("content").asText()).isEqualTo("Triage for {{product}}.");
    assertThat(s.get("/admin/prompts").path("data").get(0).path("latest_version").asInt()).isEqualTo(2);
  }

  @Test
  void labelsMoveAndVersionsAreShownByNumberLabelOrLatest() {
    s.push(V1, 201);
    s.push(V2.replace("\"model\": \"alpha\"", "\"model\": \"alpha\", \"labels\": [\"staging\"]"), 201);

    JsonNode moved = RawHttp.json(s.put("/admin/prompts/support-triage/labels/production", "{\"version\": 1}").body());
    assertThat(moved.path("version").asInt()).isEqualTo(1);
    assertThat(moved.hasNonNull("previous_version")).isFalse();
    assertThat(RawHttp.json(s.put("/admin/prompts/support-triage/labels/production", "{\"version\": 2}").body())
        .path("previous_version").asInt()).isEqualTo(1);

    assertThat(s.get("/admin/prompts/support-triage/versions/1").path("labels")).isEmpty();
    assertThat(s.get("/admin/prompts/support-triage/versions/production").path("version").asInt()).isEqualTo(2);
    assertThat(s.get("/admin/prompts/support-triage/versions/latest").path("labels")).extracting(JsonNode::asText)
        .containsExactly("production", "staging");
    assertThat(s.get("/admin/prompts/support-triage").path("labels").path("staging").asInt()).isEqualTo(2);
  }

  @Test
  void badPushesAre400sNamingTheField() {
    Map<String, String> bad = Map.of(
        "{\"name\":\"Bad Name\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "name",
        "{\"name\":\"p\",\"messages\":[]}", "messages",
        "{\"name\":\"p\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}", "messages[0].role",
        "{\"name\":\"p\",\"messages\":[{\"role\":\"user\",\"content\":\"{{ two words }}\"}]}", "messages[0].content",
        "{\"name\":\"p\",\"model\":\"gpt-9\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "model",
        "{\"name\":\"p\",\"parameters\":{\"temperature\":7},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "parameters.temperature",
        "{\"name\":\"p\",\"parameters\":{\"max_tokens\":\"many\"},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "parameters.max_tokens",
        "{\"name\":\"p\",\"parameters\":{\"stream\":true},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "parameters.stream",
        "{\"name\":\"p\",\"labels\":[\"latest\"],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "labels",
        "{\"name\":\"p\",\"template\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "template");
    bad.forEach((body, param) ->
        assertError(s.http.post("/admin/prompts", PromptTestServer.ADMIN_KEY, body), 400, "invalid_request_error", null, param));
    assertThat(s.get("/admin/prompts").path("data")).isEmpty();
  }

  @Test
  void aParameterOfTheWrongTypeSaysWhatItShouldBeWithoutJavaTypesOrParserSettings() {
    JsonNode error = assertError(s.http.post("/admin/prompts", PromptTestServer.ADMIN_KEY,
        "{\"name\":\"p\",\"parameters\":{\"temperature\":\"x\"},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"),
        400, "invalid_request_error", null, "parameters.temperature");

    assertThat(error.path("message").asText()).isEqualTo("invalid value for 'parameters.temperature': expected a number");
  }

  @Test
  void aMessageFieldOfTheWrongTypeIsNamedNotTheWholeMessage() {
    JsonNode content = assertError(s.http.post("/admin/prompts", PromptTestServer.ADMIN_KEY,
        "{\"name\":\"p\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"user\",\"content\":5}]}"),
        400, "invalid_request_error", null, "messages[1].content");
    JsonNode role = assertError(s.http.post("/admin/prompts", PromptTestServer.ADMIN_KEY,
        "{\"name\":\"p\",\"messages\":[{\"role\":[\"user\"],\"content\":\"x\"}]}"),
        400, "invalid_request_error", null, "messages[0].role");

    assertThat(content.path("message").asText()).startsWith("invalid value for 'messages[1].content': ")
        .doesNotContain("dev.apprentice").doesNotContain("java.");
    assertThat(role.path("message").asText()).startsWith("invalid value for 'messages[0].role': expected a string");
    assertError(s.http.post("/admin/prompts", PromptTestServer.ADMIN_KEY, "{\"name\":\"p\",\"messages\":[5]}"),
        400, "invalid_request_error", null, "messages[0]");
  }

  @Test
  void aWrongValueInsideAMessageFieldIsNamedByItsWholePathAsInAChatRequest() {
    JsonNode error = assertError(s.http.post("/admin/prompts", PromptTestServer.ADMIN_KEY, "{\"name\":\"p\",\"messages\":["
        + "{\"role\":\"assistant\",\"content\":\"x\",\"tool_calls\":[{\"id\":\"a\",\"type\":\"function\",\"function\":5}]}]}"),
        400, "invalid_request_error", null, "messages[0].tool_calls[0].function");

    assertThat(error.path("message").asText()).startsWith("invalid value for 'messages[0].tool_calls[0].function': ");
  }

  @Test
  void unknownPromptsVersionsAndLabelsAre404sAndBadLabels400s() {
    s.push(V1, 201);
    assertError(s.admin.get("/admin/prompts/nope"), 404, "invalid_request_error", "not_found", null);
    assertError(s.admin.get("/admin/prompts/support-triage/versions/3"), 404, "invalid_request_error", "not_found", null);
    assertError(s.admin.get("/admin/prompts/support-triage/versions/canary"), 404, "invalid_request_error", "not_found", null);
    assertError(s.put("/admin/prompts/support-triage/labels/production", "{\"version\": 5}"), 404,
        "invalid_request_error", "not_found", "version");
    assertError(s.put("/admin/prompts/nope/labels/production", "{\"version\": 1}"), 404, "invalid_request_error",
        "not_found", null);
    assertError(s.put("/admin/prompts/support-triage/labels/latest", "{\"version\": 1}"), 400, "invalid_request_error",
        null, "label");
    assertError(s.put("/admin/prompts/support-triage/labels/prod", "{\"version\": \"1\"}"), 400, "invalid_request_error",
        null, "version");
  }

  @Test
  void aLabelBodyWithAnUnknownFieldOrThatIsNoObjectIsRefusedAsAPushIs() {
    s.push(V1, 201);
    assertError(s.put("/admin/prompts/support-triage/labels/prod", "{\"version\": 1, \"verison\": 2}"), 400,
        "invalid_request_error", null, "verison");
    JsonNode error = RawHttp.json(s.put("/admin/prompts/support-triage/labels/prod", "[1]").body()).path("error");
    assertThat(error.path("message").asText()).isEqualTo("the body must be a JSON object");
    assertThat(error.path("param").isNull()).isTrue();
    assertThat(RawHttp.json(s.admin.get("/admin/prompts/support-triage").body()).path("labels").has("prod")).isFalse();
  }

  @Test
  void theRoutesNeedTheAdminKey() {
    assertThat(s.http.get("/admin/prompts", null).statusCode()).isEqualTo(401);
    assertThat(s.http.post("/admin/prompts", "ak-wrong-key", V1).statusCode()).isIn(401, 403);
  }
}
