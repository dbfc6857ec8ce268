package dev.apprentice.server;

import static dev.apprentice.server.BankAnswers.EMAIL;
import static dev.apprentice.server.BankAnswers.KEY;
import static dev.apprentice.server.BankAnswers.PROSE;
import static dev.apprentice.server.StreamingFailuresTest.eventually;
import static dev.apprentice.testing.FakeProvider.roleChunk;
import static dev.apprentice.testing.FakeProvider.textChunk;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.api.ToolCall;
import dev.apprentice.testing.FakeProvider;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The edges of a guarded stream, on the bytes a client reads: a value refused while the opening text is still held
 * back answers the plain 422 an answer not streamed gets, while a clean answer's first text is not held longer than
 * the window; a client that leaves mid-stream still gets its call an output verdict over what the upstream had
 * written, and the upstream's stream closed with no reader left waiting on it.
 */
class GuardedStreamEdgesThroughServerTest {

  private final FakeProvider upstream = new FakeProvider("up");
  @AutoClose
  private final RunningGateway gateway = Gateways.onUpstream(upstream, """
      masked:
        targets: [ { provider: up, model: gpt-4o } ]
        guard: { output: { pii: redact } }
      flagging:
        targets: [ { provider: up, model: gpt-4o } ]
        guard: { output: { pii: flag } }
      refusing:
        targets: [ { provider: up, model: gpt-4o } ]
        guard: { output: { secrets: block } }
      shaped:
        targets: [ { provider: up, model: gpt-4o } ]
        guard: { output: { pii: flag, json_schema: block } }
      """);
  private final AdminClient admin = gateway.admin();

  @Test
  void aKeyRefusedWhileTheOpeningTextIsHeldIsAPlain422AndNoStream() throws Exception {
    upstream.then(FakeProvider.streamChunks(roleChunk(), textChunk("Use sk-" + "proj-4155"),
        textChunk("552671abcdefGHIJKLmnop1234 now. "), textChunk(PROSE),
        FakeProvider.chunk(ChatChunk.Delta.text(null), "stop")));

    HttpResponse<String> response = gateway.http().post("/v1/chat/completions", null, body("refusing"));

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t)
        .startsWith("application/json"));
    assertThat(response.body()).doesNotContain("data:").doesNotContain("sk-").doesNotContain("4155");
    JsonNode error = RawHttp.JSON.readTree(response.body()).path("error");
    assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.path("code").asText()).isEqualTo("content_blocked");
    assertThat(error.path("message").asText())
        .isEqualTo("The answer was blocked by a guardrail: scanner 'secrets' found 1 SECRET.");
    JsonNode trace = admin.trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(trace.path("status").asInt()).isEqualTo(422);
    assertThat(verdicts(trace)).containsExactly("secrets:block");
    assertThat(trace.toString()).doesNotContain(KEY);
    assertThat(trace.path("output_tokens").asInt()).as("what the upstream sent is charged").isPositive();
    assertThat(upstream.closes()).isEqualTo(1);
  }

  @Test
  void aKeyInToolCallArgumentsSplitOverManyChunksIsAPlain422AsInAnAnswerNotStreamed() throws Exception {
    String arguments = "{\"to\":\"ops\",\"key\":\"" + KEY + "\"}";
    List<ChatChunk> chunks = new ArrayList<>();
    chunks.add(toolCall(new ToolCall(0, "call_1", "function", new ToolCall.FunctionCall("send", ""))));
    for (int at = 0; at < arguments.length(); at += 4) {
      String piece = arguments.substring(at, Math.min(arguments.length(), at + 4));
      chunks.add(toolCall(new ToolCall(0, null, null, new ToolCall.FunctionCall(null, piece))));
    }
    chunks.add(FakeProvider.chunk(new ChatChunk.Delta(null, null, null, null, null), "tool_calls"));
    upstream.then(FakeProvider.streamChunks(chunks.toArray(ChatChunk[]::new)));

    HttpResponse<String> response = gateway.http().post("/v1/chat/completions", null, body("refusing"));

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body()).doesNotContain("data:").doesNotContain("call_1").doesNotContain("GHIJKL");
    assertThat(RawHttp.JSON.readTree(response.body()).path("error").path("message").asText())
        .isEqualTo("The answer was blocked by a guardrail: scanner 'secrets' found 1 SECRET.");
  }

  @Test
  void aCleanToolCallOnARefusingModelArrivesWholeWithItsNameAndArguments() {
    String arguments = "{\"to\":\"ops\",\"note\":\"" + PROSE + "\"}";
    upstream.then(FakeProvider.streamChunks(toolCall(new ToolCall(0, "call_1", "function",
        new ToolCall.FunctionCall("send", ""))), toolCall(new ToolCall(0, null, null,
        new ToolCall.FunctionCall(null, arguments.substring(0, 20)))), toolCall(new ToolCall(0, null, null,
        new ToolCall.FunctionCall(null, arguments.substring(20)))),
        FakeProvider.chunk(new ChatChunk.Delta(null, null, null, null, null), "tool_calls")));

    HttpResponse<String> response = gateway.http().post("/v1/chat/completions", null, body("refusing"));

    assertThat(response.statusCode()).isEqualTo(200);
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.endsWithDone()).isTrue();
    List<JsonNode> deltas = events.toolCallDeltas();
    assertThat(deltas.getFirst().path("id").asText()).isEqualTo("call_1");
    assertThat(deltas.getFirst().path("function").path("name").asText()).isEqualTo("send");
    assertThat(deltas.stream().map(d -> d.path("function").path("arguments").asText("")).reduce("", String::concat))
        .isEqualTo(arguments);
  }

  @Test
  void aCleanAnswerOnARefusingModelSendsItsFirstTextWithoutWaitingForTheEnd() throws Exception {
    upstream.then(FakeProvider.streamChunksThenStall(roleChunk(), textChunk(PROSE), textChunk(PROSE)));

    HttpResponse<InputStream> response = new RawHttp(gateway.server()).postStreaming("/v1/chat/completions",
        body("refusing"));
    String firstText = firstLineWithText(response);
    response.body().close();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(firstText).contains("Thank you for contacting");
    assertThat(eventually(upstream::closes, 1, Duration.ofSeconds(10))).as("upstream streams closed").isEqualTo(1);
    assertThat(eventually(upstream::waiting, 0, Duration.ofSeconds(10))).as("readers left waiting").isZero();
  }

  @Test
  void aClientThatLeavesWhileTheOpeningTextIsHeldCancelsTheReadAheadAndTheUpstream() throws Exception {
    upstream.then(FakeProvider.streamChunksThenStall(roleChunk(), textChunk("Use the key ")));

    try (RawConnection client = new RawConnection(gateway.server())) {
      client.send(rawRequest("refusing"));
      assertThat(eventually(() -> upstream.received().size(), 1, Duration.ofSeconds(10))).isEqualTo(1);
      assertThat(client.silentFor(300)).as("nothing sent while all of the text is held").isTrue();
    } // the client leaves

    assertThat(eventually(upstream::closes, 1, Duration.ofSeconds(10))).as("upstream streams closed").isEqualTo(1);
    assertThat(eventually(upstream::waiting, 0, Duration.ofSeconds(10))).as("readers left waiting").isZero();
    assertThat(eventually(() -> admin.traces("status=499").size(), 1, Duration.ofSeconds(10))).isEqualTo(1);
    JsonNode trace = admin.trace(admin.traces("status=499").getFirst().path("id").asText());
    assertThat(trace.path("error_code").asText()).isEqualTo("client_disconnected");
    assertThat(verdicts(trace)).as("the attempt was abandoned before an answer came to be judged").isEmpty();
    JsonNode attempt = AdminClient.list(trace.path("attempts")).getFirst();
    assertThat(attempt.path("outcome").asText()).isEqualTo("cancelled");
    assertThat(attempt.path("output_tokens").asInt()).as("booked at what the upstream had sent").isPositive();
  }

  @Test
  void aClientThatLeavesMidStreamLeavesTheVerdictOfWhatTheUpstreamHadWrittenHeldTextIncluded() throws Exception {
    upstream.then(FakeProvider.streamChunksThenStall(roleChunk(), textChunk(PROSE),
        textChunk(PROSE + "Write to " + EMAIL + " today.")));

    JsonNode trace = leaveAfterTheFirstText("masked");

    assertThat(verdicts(trace)).containsExactly("pii:redact");
    assertThat(AdminClient.list(trace.path("guard")).getFirst().path("findings").path("EMAIL_ADDRESS").asInt())
        .isEqualTo(1);
    assertThat(trace.toString()).doesNotContain(EMAIL).contains("Write to <EMAIL_1> today.");
  }

  @Test
  void aClientThatLeavesAStreamThatIsNotHeldLeavesTheVerdictOfWhatItWasSent() throws Exception {
    upstream.then(FakeProvider.streamChunksThenStall(roleChunk(), textChunk(PROSE + "Write to " + EMAIL + ". ")));

    JsonNode trace = leaveAfterTheFirstText("flagging");

    assertThat(verdicts(trace)).containsExactly("pii:flag");
    assertThat(AdminClient.list(trace.path("guard")).getFirst().path("findings").path("EMAIL_ADDRESS").asInt())
        .isEqualTo(1);
  }

  @Test
  void aClientThatLeavesAStreamCheckedAgainstASchemaLeavesNoSchemaVerdictOnAnAnswerNeverWhole() throws Exception {
    upstream.then(FakeProvider.streamChunksThenStall(roleChunk(), textChunk("{\"reply\": \"" + PROSE)));

    JsonNode trace = leaveAfterTheFirstTextOf(body("shaped").replace("\"stream\":true,",
        "\"stream\":true,\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"r\","
            + "\"schema\":{\"type\":\"object\",\"required\":[\"reply\"]}}},"));

    assertThat(verdicts(trace)).containsExactly("pii:pass");
  }

  @Test
  void anUpstreamThatBreaksOffMidStreamLeavesTheVerdictOfWhatWentOut() {
    upstream.then(FakeProvider.streamChunksThenFail(Kind.SERVER_ERROR, roleChunk(),
        textChunk(PROSE + "Write to " + EMAIL + " today. " + PROSE), textChunk("And then")));

    HttpResponse<String> response = gateway.http().post("/v1/chat/completions", null, body("masked"));

    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.json().getLast().path("error").path("code").asText()).isEqualTo("upstream_error");
    assertThat(events.text()).contains("Write to <EMAIL_1> today.");
    JsonNode trace = admin.trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
    assertThat(trace.path("error_code").asText()).isEqualTo("upstream_error");
    assertThat(verdicts(trace)).containsExactly("pii:redact");
    assertThat(trace.toString()).doesNotContain(EMAIL);
  }

  /**
   * Reads the stream to its first text and leaves; the call's trace once written, after checking that the call was
   * traced as the client leaving and that the upstream's stream was closed with nobody left waiting on it.
   */
  private JsonNode leaveAfterTheFirstText(String model) throws Exception {
    return leaveAfterTheFirstTextOf(body(model));
  }

  private JsonNode leaveAfterTheFirstTextOf(String body) throws Exception {
    HttpResponse<InputStream> leaving = new RawHttp(gateway.server()).postStreaming("/v1/chat/completions", body);
    String traceId = leaving.headers().firstValue("x-apprentice-trace-id").orElseThrow();
    assertThat(firstLineWithText(leaving)).contains("Thank you");
    leaving.body().close();

    assertThat(eventually(upstream::closes, 1, Duration.ofSeconds(10))).as("upstream streams closed").isEqualTo(1);
    assertThat(eventually(upstream::waiting, 0, Duration.ofSeconds(10))).as("readers left waiting").isZero();
    assertThat(eventually(() -> admin.traces("status=499").size(), 1, Duration.ofSeconds(10))).isEqualTo(1);
    JsonNode trace = admin.trace(traceId);
    assertThat(trace.path("error_code").asText()).isEqualTo("client_disconnected");
    return trace;
  }

  private static String firstLineWithText(HttpResponse<InputStream> response) throws Exception {
    BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.startsWith("data: ") && line.contains("\"content\":\"") && !line.contains("\"content\":\"\"")) {
        return line;
      }
    }
    return "";
  }

  private static ChatChunk toolCall(ToolCall fragment) {
    return FakeProvider.chunk(new ChatChunk.Delta(null, null, List.of(fragment), null, null), null);
  }

  private static List<String> verdicts(JsonNode trace) {
    return AdminClient.list(trace.path("guard")).stream()
        .map(v -> v.path("scanner").asText() + ":" + v.path("action").asText()).toList();
  }

  private static String rawRequest(String model) {
    String body = body(model);
    return "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
  }

  private static String body(String model) {
    return "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hello?\"}]}";
  }
}
