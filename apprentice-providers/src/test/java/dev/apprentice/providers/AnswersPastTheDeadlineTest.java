package dev.apprentice.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.CallContext;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatProvider;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.Cutoff;
import dev.apprentice.api.Message;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.providers.anthropic.AnthropicProvider;
import dev.apprentice.providers.http.Transport;
import dev.apprentice.providers.openai.OpenAiProvider;
import dev.apprentice.providers.openai.OutputLimitField;
import dev.apprentice.testing.FakeUpstream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An answer still arriving at its call's deadline, over real HTTP, in both HTTP providers: a whole answer whose body
 * trickles in, or a stream that keeps sending, fails as a timeout (not a lost connection), however its upstream
 * paces it, with no gateway watchdog around the provider.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // without the deadline on the body, each would read for seconds or ever
class AnswersPastTheDeadlineTest {

  private static final Duration DEADLINE = Duration.ofMillis(300);
  private static final String OPENAI_ANSWER = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,"
      + "\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
      + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}";
  private static final String ANTHROPIC_ANSWER = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
      + "\"model\":\"claude-sonnet-4-5\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\","
      + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}";
  private static final String ANTHROPIC_START = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":"
      + "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],"
      + "\"stop_reason\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\nevent: content_block_start\n"
      + "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}";

  private final FakeUpstream upstream = new FakeUpstream();

  @AfterEach
  void stop() {
    upstream.close();
  }

  private OpenAiProvider openAi() {
    return new OpenAiProvider("openai", upstream.baseUrl(), "sk-test", Map.of(), Transport.create(Duration.ofSeconds(2)),
        OutputLimitField.AUTO);
  }

  private AnthropicProvider anthropic() {
    return new AnthropicProvider("claude", upstream.rootUrl(), "sk-ant-test", 1024,
        Transport.create(Duration.ofSeconds(2)));
  }

  private static ChatRequest ask(boolean stream) {
    return ChatRequest.builder().model("m").messages(List.of(Message.user("hi"))).stream(stream).build();
  }

  /** {@code first}, then {@code count} more events, one every 5 ms: about 5 s of a stream that never pauses long. */
  private static List<String> endless(String first, String next, int count) {
    List<String> events = new ArrayList<>(List.of(first));
    for (int i = 0; i < count; i++) events.add(next);
    return events;
  }

  private static void timedOutWithoutAnAnswer(ProviderException e) {
    assertThat(e.kind()).as(e.getMessage()).isEqualTo(Kind.TIMEOUT);
    assertThat(e.status()).isZero();
  }

  private static void drain(ChatProvider provider) throws ProviderException {
    try (ChunkStream stream = provider.stream(ask(true), CallContext.withTimeout("trace", DEADLINE))) {
      for (ChatChunk chunk = stream.next(); chunk != null; chunk = stream.next()) {
        assertThat(chunk).isNotNull();
      }
    }
  }

  @Test
  void anOpenAiWholeAnswerStillTricklingInAtTheDeadlineIsATimeout() {
    upstream.jsonTrickled(Duration.ofMillis(20), 100, OPENAI_ANSWER);

    assertThatThrownBy(() -> openAi().chat(ask(false), CallContext.withTimeout("trace", DEADLINE)))
        .isInstanceOfSatisfying(ProviderException.class, AnswersPastTheDeadlineTest::timedOutWithoutAnAnswer);
  }

  @Test
  void anAnthropicWholeAnswerStillTricklingInAtTheDeadlineIsATimeout() {
    upstream.jsonTrickled(Duration.ofMillis(20), 100, ANTHROPIC_ANSWER);

    assertThatThrownBy(() -> anthropic().chat(ask(false), CallContext.withTimeout("trace", DEADLINE)))
        .isInstanceOfSatisfying(ProviderException.class, AnswersPastTheDeadlineTest::timedOutWithoutAnAnswer);
  }

  @Test
  void aWholeAnswerWhoseBodyStallsEndsWhenItsAttemptIsCutOffAsATimeoutNotALostConnection() {
    upstream.jsonStalled(Duration.ZERO, Duration.ofSeconds(3), OPENAI_ANSWER); // the JSON comes only after 3 s
    Cutoff cutoff = new Cutoff();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); // the socket's read timeout: as long
    CallContext context = new CallContext("trace", deadline, Map.of(), deadline, null, null, cutoff);
    Thread.startVirtualThread(() -> { // as the gateway's watchdog does at the try's limit
      try {
        Thread.sleep(DEADLINE);
      } catch (InterruptedException e) {
        return;
      }
      cutoff.cut();
    });

    assertThatThrownBy(() -> openAi().chat(ask(false), context))
        .isInstanceOfSatisfying(ProviderException.class, AnswersPastTheDeadlineTest::timedOutWithoutAnAnswer);
  }

  @Test
  void anOpenAiStreamStillSendingAtTheDeadlineIsCutThereAsATimeout() {
    String text = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\" w\"}}]}";
    upstream.ssePaced(Duration.ofMillis(5), endless(text, text, 1000));

    assertThatThrownBy(() -> drain(openAi()))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
  }

  @Test
  void anAnthropicStreamStillSendingAtTheDeadlineIsCutThereAsATimeout() {
    String text = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
        + "\"delta\":{\"type\":\"text_delta\",\"text\":\" w\"}}";
    upstream.ssePaced(Duration.ofMillis(5), endless(ANTHROPIC_START, text, 1000));

    assertThatThrownBy(() -> drain(anthropic()))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
  }
}
