package dev.apprentice.providers.anthropic;

import dev.apprentice.providers.http.Transport;
import static dev.apprentice.providers.http.ProviderJson.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.CallContext;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.providers.http.Upstream;
import dev.apprentice.testing.FakeUpstream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each {@code requests/<case>.openai.json} sent through the provider must reach the fake upstream as
 * {@code requests/<case>.anthropic.json}, with Anthropic's headers.
 */
class AnthropicRequestGoldenTest {

  private static final GoldenFiles GOLDEN = new GoldenFiles("requests");

  private final FakeUpstream fake = new FakeUpstream();
  private final AnthropicProvider provider =
      new AnthropicProvider("anthropic", fake.rootUrl(), "sk-ant-golden", 4096, Transport.create(Duration.ofSeconds(2)));

  @AfterEach
  void stopFake() {
    fake.close();
  }

  static List<String> cases() {
    return GOLDEN.cases(".openai.json");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theOpenAiRequestReachesAnthropicAsTheGoldenFileSays(String name) throws Exception {
    ChatRequest request = MAPPER.treeToValue(GOLDEN.json(name, ".openai.json"), ChatRequest.class);
    CallContext context = CallContext.withTimeout("trace-golden", Duration.ofSeconds(10));
    if (request.streaming()) {
      fake.sse(AnthropicWire.minimalEvents());
      try (ChunkStream stream = provider.stream(request, context)) {
        while (stream.next() != null) {
          // drained only so that the whole exchange completes
        }
      }
    } else {
      fake.json(200, AnthropicWire.textMessage("ok"));
      provider.chat(request, context);
    }

    FakeUpstream.Recorded sent = fake.takeRequest();
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.path()).isEqualTo("/v1/messages");
    assertThat(sent.header("x-api-key")).isEqualTo("sk-ant-golden");
    assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(sent.header("content-type")).startsWith("application/json");
    assertThat(sent.header("authorization")).as("Anthropic takes the key in x-api-key only").isNull();
    GoldenFiles.assertSameJson(name, MAPPER.readTree(sent.body()), GOLDEN.json(name, ".anthropic.json"));
  }
}
