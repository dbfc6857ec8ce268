package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import dev.apprentice.testing.WordHashEmbedder;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A {@code rag:} model over HTTP searches with the conversation's last user message whatever shape the request
 * takes (content parts, an agent loop ending in a tool result), puts a text stored under two documents in once, and
 * says in its trace when there was nothing to search with, and which copy it left out.
 */
class RetrievalThroughServerTest {

  private static final String ADMIN_KEY = "admin-key-for-retrieval-tests";

  private final FakeUpstream upstream = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        up: { type: openai, base_url: "%s", api_key: sk-upstream }
      models:
        handbook:
          targets: [ { provider: up, model: gpt-4o-mini } ]
          retries: 0
          rag: { collection: kb, k: 1, min_score: -1 }
        faq:
          targets: [ { provider: up, model: gpt-4o-mini } ]
          retries: 0
          rag: { collection: kb, k: 2, min_score: -1 }
      """.formatted(upstream.baseUrl()), TempDirs.create(), Map.of(), ADMIN_KEY, Clock.systemUTC(),
      WordHashEmbedder::new).closing(upstream);
  private final KeyedHttp http = gateway.http();

  @BeforeEach
  void fillTheCollection() {
    http.post("/admin/collections", ADMIN_KEY, "{\"name\":\"kb\"}");
    http.post("/admin/collections/kb/documents", ADMIN_KEY, """
        {"documents": [{"id": "refunds", "text": "Refunds reach your account within five working days."}]}""");
  }

  private JsonNode trace(HttpResponse<String> response) {
    return gateway.admin().trace(response.headers().firstValue("x-apprentice-trace-id").orElseThrow());
  }

  @Test
  void theFinalTurnOfAnAgentLoopWithAQuestionInPartsIsAnsweredWithItsContext() {
    upstream.json(200, UpstreamAnswers.completion("Five working days."));

    HttpResponse<String> answered = http.post("/v1/chat/completions", null, """
        {"model":"handbook","messages":[
          {"role":"user","content":[{"type":"text","text":"How long do refunds take?"},
                                    {"type":"image_url","image_url":{"url":"https://example.com/receipt.png"}}]},
          {"role":"assistant","content":null,"tool_calls":[
            {"id":"call_1","type":"function","function":{"name":"order_status","arguments":"{}"}}]},
          {"role":"tool","tool_call_id":"call_1","content":"{\\"refund\\": \\"requested\\"}"}]}""");

    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    JsonNode sent = RawHttp.json(upstream.takeRequest().body()).path("messages");
    assertThat(sent).extracting(m -> m.path("role").asText()).containsExactly("system", "user", "assistant", "tool");
    assertThat(sent.path(0).path("content").asText())
        .contains("<passage id=\"refunds#0\">\nRefunds reach your account");
    assertThat(sent.path(3).path("tool_call_id").asText()).isEqualTo("call_1");
    JsonNode trace = trace(answered);
    assertThat(trace.path("retrieved")).extracting(c -> c.path("chunk_id").asText()).containsExactly("refunds#0");
    assertThat(trace.has("retrieval_skipped")).isFalse();
  }

  @Test
  void aSearchOfAnEmptyCollectionIsTracedAsAnEmptyRetrievedListNotAsACallWithoutRetrieval() {
    http.delete("/admin/collections/kb/documents/refunds", ADMIN_KEY);
    upstream.json(200, UpstreamAnswers.completion("I do not know."));

    HttpResponse<String> answered = http.post("/v1/chat/completions", null, """
        {"model":"handbook","messages":[{"role":"user","content":"How long do refunds take?"}]}""");

    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    JsonNode sent = RawHttp.json(upstream.takeRequest().body()).path("messages");
    assertThat(sent).extracting(m -> m.path("role").asText()).containsExactly("user");
    JsonNode trace = trace(answered);
    assertThat(trace.path("retrieved").isArray()).as(trace.toString()).isTrue();
    assertThat(trace.path("retrieved")).isEmpty();
    assertThat(trace.has("retrieval_skipped")).isFalse();
  }

  @Test
  void aConversationWithoutUserTextIsAnsweredWithoutContextAndItsTraceSaysWhy() {
    upstream.json(200, UpstreamAnswers.completion("A receipt."));

    HttpResponse<String> answered = http.post("/v1/chat/completions", null, """
        {"model":"handbook","messages":[
          {"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/receipt.png"}}]}]}""");

    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    JsonNode sent = RawHttp.json(upstream.takeRequest().body()).path("messages");
    assertThat(sent).extracting(m -> m.path("role").asText()).containsExactly("user");
    JsonNode trace = trace(answered);
    assertThat(trace.path("retrieval_skipped").asText()).isEqualTo("no_query");
    assertThat(trace.has("retrieved")).isFalse();
  }

  @Test
  void aTextAddedUnderTwoDocumentIdsGoesInOnceBesideTheNextBestAndTheTraceNamesTheCopy() {
    http.post("/admin/collections/kb/documents", ADMIN_KEY, """
        {"documents": [{"id": "old/refunds", "text": "Refunds reach your account within five working days."},
                       {"id": "fees", "text": "Card payments abroad cost two percent."}]}""");
    upstream.json(200, UpstreamAnswers.completion("Five working days."));

    HttpResponse<String> answered = http.post("/v1/chat/completions", null, """
        {"model":"faq","messages":[{"role":"user","content":"How long do refunds take to reach my account?"}]}""");

    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    String system = RawHttp.json(upstream.takeRequest().body()).path("messages").path(0).path("content").asText();
    assertThat(system.split("Refunds reach your account", -1)).as(system).hasSize(2);
    assertThat(system).contains("<passage id=\"fees#0\">");
    JsonNode trace = trace(answered);
    String kept = trace.path("retrieved").path(0).path("chunk_id").asText();
    assertThat(trace.path("retrieved")).extracting(c -> c.path("chunk_id").asText()).containsExactly(kept, "fees#0");
    assertThat(trace.path("left_out")).singleElement().satisfies(copy -> {
      assertThat(copy.path("chunk_id").asText()).isIn("refunds#0", "old/refunds#0").isNotEqualTo(kept);
      assertThat(copy.path("reason").asText()).isEqualTo("duplicate");
      assertThat(copy.path("same_as").asText()).isEqualTo(kept);
    });
  }
}
