package dev.apprentice.providers.anthropic;

import dev.apprentice.providers.http.Transport;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.CallContext;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.Message;
import dev.apprentice.providers.http.Upstream;
import dev.apprentice.testing.FakeUpstream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each {@code responses/<case>.anthropic.json} answered upstream must reach the caller as {@code <case>.openai.json}. */
class AnthropicResponseGoldenTest {

  private static final GoldenFiles GOLDEN = new GoldenFiles("responses");

  private final FakeUpstream fake = new FakeUpstream();
  private final AnthropicProvider provider =
      new AnthropicProvider("anthropic", fake.rootUrl(), "sk-ant-golden", 1024, Transport.create(Duration.ofSeconds(2)));

  @AfterEach
  void stopFake() {
    fake.close();
  }

  static List<String> cases() {
    return GOLDEN.cases(".anthropic.json");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theAnthropicAnswerReachesTheCallerAsTheGoldenFileSays(String name) throws Exception {
    fake.json(200, GOLDEN.text(name, ".anthropic.json"));
    var request = ChatRequest.builder().model("claude-sonnet-4-5").messages(List.of(Message.user("hi"))).build();

    long before = Instant.now().getEpochSecond();
    ChatResponse response = provider.chat(request, CallContext.withTimeout("trace-golden", Duration.ofSeconds(10)));

    assertThat(response.created()).isBetween(before, Instant.now().getEpochSecond());
    GoldenFiles.assertSameJson(name, GoldenFiles.withoutCreated(response), GOLDEN.json(name, ".openai.json"));
  }
}
