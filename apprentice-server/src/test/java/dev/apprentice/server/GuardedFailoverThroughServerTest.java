package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static dev.apprentice.testing.FakeProvider.fail;
import static dev.apprentice.testing.FakeProvider.reply;
import static dev.apprentice.testing.FakeProvider.streamReply;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.testing.FakeProvider;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Guardrails and limits on a call that fails over: the fallback target's stream is restored (placeholders split
 * across its chunks, the first included) and checked like any other, and a call counts once against RPM however
 * many attempts it took.
 */
class GuardedFailoverThroughServerTest {

  private static final String ADMIN_KEY = "admin-key-for-guarded-failover-tests";
  private static final String EMAIL = "jane.doe@example.com";
  private static final String STRANGER = "someone.else@example.org";

  private final FakeProvider one = new FakeProvider("one");
  private final FakeProvider two = new FakeProvider("two");
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        one: { type: simulator }
        two: { type: simulator }
      guard:
        input: { pii: redact }
        output: { pii: block }
      models:
        smart:
          targets: [ { provider: one, model: gpt-4o }, { provider: two, model: gpt-4o-mini } ]
          retries: 1
          retry_backoff_ms: 1
          price: { input_per_mtok: 2.50, output_per_mtok: 10.00 }
      """, Map.of("one", one, "two", two), ADMIN_KEY, Clock.systemUTC()).closing(one, two);
  private final KeyedHttp http = gateway.http();

  private static String streamed(String text) {
    return "{\"model\":\"smart\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
  }

  @Test
  void aFallbackTargetsStreamIsRestoredWhenAPlaceholderIsSplitAcrossItsChunksTheFirstIncluded() {
    one.byDefault(fail(Kind.SERVER_ERROR, 500, null));
    two.then(streamReply("<EMA", "IL_1> is on file; mail <", "EMAIL_1", ">."));

    HttpResponse<String> response = http.post("/v1/chat/completions", null, streamed("mail " + EMAIL));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-apprentice-served-by")).hasValue("two/gpt-4o-mini");
    assertThat(response.headers().firstValue("x-apprentice-attempts")).hasValue("3");
    SseEvents events = SseEvents.parse(response.body());
    assertThat(events.text()).isEqualTo(EMAIL + " is on file; mail " + EMAIL + ".");
    assertThat(events.endsWithDone()).isTrue();
    assertThat(two.received().getFirst().request().messages().getFirst().text()).isEqualTo("mail <EMAIL_1>");
  }

  @Test
  void aFallbackTargetsShortStreamThatTheOutputCheckBlocksIsRefusedWith422BeforeItBegins() {
    one.byDefault(fail(Kind.SERVER_ERROR, 500, null));
    two.then(streamReply("Ask ", STRANGER, " instead."));

    HttpResponse<String> response = http.post("/v1/chat/completions", null, streamed("mail " + EMAIL));

    JsonNode error = assertError(response, 422, "invalid_request_error", "content_blocked", null);
    assertThat(error.path("message").asText()).doesNotContain(STRANGER);
    assertThat(response.body()).doesNotContain(STRANGER);
    assertThat(two.calls()).as("refused once the fallback target answered").isEqualTo(1);
  }

  @Test
  void aCallThatFailedOverCountsOnceAgainstRpm() {
    String key = gateway.admin().newKey("{\"tenant\":\"acme\",\"name\":\"k\",\"rpm\":2}");
    one.byDefault(fail(Kind.SERVER_ERROR, 500, null));
    two.byDefault(reply("fine"));

    List<HttpResponse<String>> served = List.of(http.chat(key, "smart", "hello"), http.chat(key, "smart", "hello"));
    HttpResponse<String> third = http.chat(key, "smart", "hello");

    assertThat(served).allSatisfy(r -> {
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.headers().firstValue("x-apprentice-attempts")).hasValue("3");
    });
    assertError(third, 429, "rate_limit_error", "rate_limit_exceeded", null);
  }
}
