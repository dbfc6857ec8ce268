package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The data flywheel takes {@code /v1/responses} calls as it takes {@code /v1/chat/completions} ones: a dataset built
 * from the traces of a Responses call and of the same call made through chat completions holds the same input
 * messages (instructions as the system message, input items as messages, function calls and their outputs, images
 * and files) and the same expected answer (its text, or the message whole when it calls a tool), streamed or not,
 * a registered prompt's call with its variables; only the metadata's {@code api} tells them apart.
 */
class DatasetsFromResponsesTracesTest {

  private static final String ADMIN_KEY = "admin-key-for-responses-dataset-tests";
  private static final String TOOLS_METADATA = "{\"sim_tool_call_id\":\"call_2\","
      + "\"sim_tool_arguments\":\"{\\\"city\\\":\\\"Paris\\\",\\\"day\\\":\\\"tomorrow\\\"}\"}";

  @AutoClose
  private final RunningGateway gateway = Gateways.echoing(ADMIN_KEY);

  private void call(String path, String body) {
    HttpResponse<String> answered = gateway.http().post(path, null, body);
    assertThat(answered.statusCode()).as(path + ": " + answered.body()).isEqualTo(200);
  }

  /** Each pair, the chat completions call then the same call through the Responses API; the dataset's items. */
  private List<JsonNode> itemsOf(String... chatThenResponses) {
    for (int i = 0; i < chatThenResponses.length; i += 2) {
      call("/v1/chat/completions", chatThenResponses[i]);
      call("/v1/responses", chatThenResponses[i + 1]);
    }
    gateway.admin().flush();
    HttpResponse<String> made = gateway.http().post("/admin/datasets/flywheel/from-traces", ADMIN_KEY, "{}");
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    JsonNode version = RawHttp.json(made.body());
    assertThat(version.path("skipped_unreadable").asInt()).as(made.body()).isZero();
    assertThat(version.path("items").asInt()).as(made.body()).isEqualTo(chatThenResponses.length);
    HttpResponse<String> exported = gateway.http().get("/admin/datasets/flywheel/versions/1/export", ADMIN_KEY);
    return exported.body().lines().map(RawHttp::json).toList();
  }

  /** Each Responses item holds what the chat item before it holds, but for its own trace, start and API. */
  private static void assertPairsAlike(List<JsonNode> items) {
    for (int i = 0; i < items.size(); i += 2) {
      JsonNode chat = items.get(i);
      JsonNode responses = items.get(i + 1);
      assertThat(responses.path("input")).as("input of pair %d", i / 2).isEqualTo(chat.path("input"));
      assertThat(responses.path("expected")).as("expected of pair %d", i / 2).isEqualTo(chat.path("expected"));
      assertThat(chat.at("/metadata/api").asText()).isEqualTo("chat_completions");
      assertThat(responses.at("/metadata/api").asText()).isEqualTo("responses");
      assertThat(sameCallOf(responses.path("metadata"))).as("metadata of pair %d", i / 2)
          .isEqualTo(sameCallOf(chat.path("metadata")));
    }
  }

  /** The metadata a call shares with the same call made again: without its trace, its start and its API. */
  private static JsonNode sameCallOf(JsonNode metadata) {
    ObjectNode shared = metadata.deepCopy();
    shared.remove(List.of("trace_id", "started_at", "api"));
    return shared;
  }

  private JsonNode fromTraces(String name, String filters) {
    HttpResponse<String> made = gateway.http().post("/admin/datasets/" + name + "/from-traces", ADMIN_KEY, filters);
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    return RawHttp.json(made.body());
  }

  private List<String> inputsOf(String name, int version) {
    HttpResponse<String> exported = gateway.http().get("/admin/datasets/" + name + "/versions/" + version + "/export",
        ADMIN_KEY);
    return exported.body().lines().map(RawHttp::json).map(item -> item.at("/input/0/content").asText()).toList();
  }

  @Test
  void theApiFilterTakesOnlyTheCallsOfThatWireApiAndAnAppendWithALimitKeepsIt() {
    for (String word : List.of("one", "two", "three")) {
      call("/v1/chat/completions", "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"chat "
          + word + "\"}]}");
      call("/v1/responses", "{\"model\":\"echo\",\"input\":\"responses " + word + "\"}");
    }
    gateway.admin().flush();

    JsonNode first = fromTraces("answers", "{\"api\":\"responses\",\"limit\":2}");
    JsonNode next = fromTraces("answers", "{\"api\":\"responses\",\"limit\":2,\"append\":true}");

    assertThat(first.path("source").asText()).contains("api=responses");
    // calls in the same millisecond have no order between them, so the limit's two may be any two of the three
    assertThat(inputsOf("answers", 1)).hasSize(2).allMatch(input -> input.startsWith("responses "));
    assertThat(next.path("items").asInt()).as(next.toString()).isEqualTo(3);
    assertThat(inputsOf("answers", 2))
        .containsExactlyInAnyOrder("responses one", "responses two", "responses three");
    fromTraces("chats", "{\"api\":\"chat_completions\"}");
    assertThat(inputsOf("chats", 1)).containsExactlyInAnyOrder("chat one", "chat two", "chat three");
  }

  @Test
  void anApiFilterOfEmbeddingsOrAnUnknownApiIsRefusedNamingTheField() {
    for (String api : List.of("embeddings", "chat")) {
      HttpResponse<String> refused = gateway.http().post("/admin/datasets/x/from-traces", ADMIN_KEY,
          "{\"api\":\"" + api + "\"}");
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(RawHttp.json(refused.body()).at("/error/param").asText()).isEqualTo("api");
      assertThat(RawHttp.json(refused.body()).at("/error/message").asText())
          .isEqualTo("api must be chat_completions or responses; got '" + api + "'");
    }
  }

  @Test
  void aResponsesCallMakesTheItemItsChatCompletionsTwinMakes() {
    List<JsonNode> items = itemsOf(
        "{\"model\":\"echo\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
            + "{\"role\":\"user\",\"content\":\"Hi there\"}]}",
        "{\"model\":\"echo\",\"instructions\":\"Be brief.\",\"input\":\"Hi there\"}");

    assertPairsAlike(items);
    JsonNode item = items.get(1);
    assertThat(item.path("input")).hasSize(2);
    assertThat(item.at("/input/0/role").asText()).isEqualTo("system");
    assertThat(item.at("/input/0/content").asText()).isEqualTo("Be brief.");
    assertThat(item.at("/input/1/content").asText()).isEqualTo("Hi there");
    assertThat(item.path("expected").asText()).isEqualTo("Hi there");
    assertThat(item.at("/metadata/model").asText()).isEqualTo("echo");
    assertThat(item.at("/metadata/trace_id").asText()).startsWith("tr_");
  }

  @Test
  void functionCallsTheirOutputsImagesAndFilesAndAToolCallAnswerAreKeptAsTheChatCallKeepsThem() {
    String chatTurns = "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Weather here?\"},"
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/sky.png\",\"detail\":\"low\"}},"
        + "{\"type\":\"file\",\"file\":{\"file_data\":\"data:application/pdf;base64,JVBERi0=\","
        + "\"filename\":\"a.pdf\"}}]},"
        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
        + "\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"sunny\"},"
        + "{\"role\":\"user\",\"content\":\"And tomorrow?\"}]";
    String responsesItems = "[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"Weather here?\"},"
        + "{\"type\":\"input_image\",\"image_url\":\"https://example.com/sky.png\",\"detail\":\"low\"},"
        + "{\"type\":\"input_file\",\"file_data\":\"data:application/pdf;base64,JVBERi0=\",\"filename\":\"a.pdf\"}]},"
        + "{\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"weather\","
        + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"},"
        + "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"sunny\"},"
        + "{\"role\":\"user\",\"content\":\"And tomorrow?\"}]";
    String parameters = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}";

    String forced = ",\"tool_choice\":\"required\",\"metadata\":" + TOOLS_METADATA;
    List<JsonNode> items = itemsOf(
        "{\"model\":\"echo\",\"messages\":" + chatTurns + forced
            + ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"weather\",\"parameters\":"
            + parameters + "}}]}",
        "{\"model\":\"echo\",\"input\":" + responsesItems + forced
            + ",\"tools\":[{\"type\":\"function\",\"name\":\"weather\",\"parameters\":" + parameters + "}]}");

    assertPairsAlike(items);
    JsonNode input = items.get(1).path("input");
    assertThat(input).hasSize(4);
    assertThat(input.at("/0/content/1/image_url/url").asText()).isEqualTo("https://example.com/sky.png");
    assertThat(input.at("/0/content/2/file/filename").asText()).isEqualTo("a.pdf");
    assertThat(input.at("/1/tool_calls/0/function/name").asText()).isEqualTo("weather");
    assertThat(input.at("/2/role").asText()).isEqualTo("tool");
    assertThat(input.at("/2/tool_call_id").asText()).isEqualTo("call_1");
    JsonNode expected = items.get(1).path("expected");
    assertThat(expected.at("/tool_calls/0/id").asText()).isEqualTo("call_2");
    assertThat(expected.at("/tool_calls/0/function/arguments").asText())
        .isEqualTo("{\"city\":\"Paris\",\"day\":\"tomorrow\"}");
  }

  @Test
  void aStreamedResponsesCallMakesTheItemAStreamedChatCallMakes() {
    List<JsonNode> items = itemsOf(
        "{\"model\":\"echo\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Stream this back\"}]}",
        "{\"model\":\"echo\",\"stream\":true,\"input\":[{\"role\":\"user\",\"content\":\"Stream this back\"}]}");

    assertPairsAlike(items);
    assertThat(items.get(1).path("expected").asText()).isEqualTo("Stream this back");
  }

  @Test
  void aRegisteredPromptCalledByThePromptObjectKeepsItsPromptAndVariablesAsAChatPromptCall() {
    HttpResponse<String> pushed = gateway.http().post("/admin/prompts", ADMIN_KEY, """
        {"name":"support","model":"echo","messages":[{"role":"user","content":"Answer: {{q}}"}]}""");
    assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);

    List<JsonNode> items = itemsOf(
        "{\"model\":\"prompt:support\",\"variables\":{\"q\":\"refund?\"}}",
        "{\"prompt\":{\"id\":\"support\",\"variables\":{\"q\":{\"type\":\"input_text\",\"text\":\"refund?\"}}}}");

    assertPairsAlike(items);
    JsonNode item = items.get(1);
    assertThat(item.at("/input/0/content").asText()).isEqualTo("Answer: refund?");
    assertThat(item.at("/metadata/prompt").asText()).isEqualTo("support@1");
    assertThat(item.at("/metadata/variables/q").asText()).isEqualTo("refund?");
  }
}
