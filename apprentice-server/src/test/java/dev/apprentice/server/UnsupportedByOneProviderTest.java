package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A request that one target's provider cannot translate ({@code n: 2} for Anthropic) goes to a target that can serve
 * it; only a model none of whose targets can is answered 400.
 */
class UnsupportedByOneProviderTest {

  private static final String TWO_CHOICES = """
      {"model":"%s","n":2,"messages":[{"role":"user","content":"Name a colour"}]}""";

  private final FakeUpstream claude = new FakeUpstream();
  private final FakeUpstream openai = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        claude: { type: anthropic, base_url: "%s", api_key: sk-ant-test }
        openai: { type: openai, base_url: "%s", api_key: sk-test }
      models:
        mixed:
          targets: [ { provider: claude, model: claude-sonnet-4-5 }, { provider: openai, model: gpt-4o } ]
        claude-only:
          targets: [ { provider: claude, model: claude-sonnet-4-5 } ]
      """.formatted(claude.rootUrl(), openai.baseUrl())).closing(claude, openai);
  private final RawHttp http = new RawHttp(gateway.server());

  @Test
  void twoChoicesAreServedByTheOpenAiTargetWhenTheAnthropicOneComesFirst() {
    openai.json(200, UpstreamAnswers.completion("blue"));

    HttpResponse<String> response = http.post("/v1/chat/completions", TWO_CHOICES.formatted("mixed"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-apprentice-served-by")).hasValue("openai/gpt-4o");
    assertThat(response.headers().firstValue("x-apprentice-attempts")).hasValue("1");
    assertThat(RawHttp.json(openai.takeRequest().body()).path("n").asInt()).isEqualTo(2);
    assertThat(claude.requestCount()).isZero();
  }

  /** Valid OpenAI requests that Anthropic's Messages API has no translation for, with the parameter at fault. */
  static Stream<Arguments> untranslatable() {
    return Stream.of(
        Arguments.of("only system messages", "messages", """
            {"model":"%s","messages":[{"role":"system","content":"Name a colour"}]}"""),
        Arguments.of("an empty user message", "messages[1].content", """
            {"model":"%s","messages":[{"role":"system","content":"Name a colour"},{"role":"user","content":""}]}"""),
        Arguments.of("the function role", "messages[2].role", """
            {"model":"%s","messages":[{"role":"user","content":"Colour?"},{"role":"assistant","content":"Calling"},
             {"role":"function","name":"pick","content":"blue"}]}"""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("untranslatable")
  void aRequestAnthropicCannotTranslateIsServedByTheOpenAiTargetAfterIt(String what, String param, String body) {
    openai.json(200, UpstreamAnswers.completion("blue"));

    HttpResponse<String> response = http.post("/v1/chat/completions", body.formatted("mixed"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-apprentice-served-by")).hasValue("openai/gpt-4o");
    assertThat(RawHttp.json(openai.takeRequest().body()).path("messages"))
        .isEqualTo(RawHttp.json(body.formatted("mixed")).path("messages"));
    assertThat(claude.requestCount()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("untranslatable")
  void aRequestAnthropicCannotTranslateAnswers400NamingTheParameterWhenNoOtherTargetCanServeIt(String what,
      String param, String body) {
    HttpResponse<String> response = http.post("/v1/chat/completions", body.formatted("claude-only"));

    assertError(response, 400, "invalid_request_error", null, param);
    assertThat(claude.requestCount()).isZero();
  }

  @Test
  void aModelWhoseOnlyTargetCannotServeTwoChoicesAnswers400NamingN() {
    HttpResponse<String> response = http.post("/v1/chat/completions", TWO_CHOICES.formatted("claude-only"));

    assertError(response, 400, "invalid_request_error", null, "n");
    assertThat(claude.requestCount()).isZero();
  }
}
