package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Under a budget, a request that sets no output limit is sent upstream with the output its reservation holds
 * ({@code limits.reserve_output_tokens}) as its limit, so no call costs more than it reserved and concurrent calls
 * cannot together overrun the budget.
 */
class OutputCapThroughServerTest {

  private static final String ADMIN_KEY = "admin-key-for-output-caps";
  private static final String OPENAI_ANSWER = UpstreamAnswers.completion("ok");
  private static final String ANTHROPIC_ANSWER = """
      {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5",
       "content":[{"type":"text","text":"ok"}],"stop_reason":"end_turn","usage":{"input_tokens":3,"output_tokens":1}}""";

  private final FakeUpstream openai = new FakeUpstream();
  private final FakeUpstream anthropic = new FakeUpstream();
  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        sim: { type: simulator }
        openai: { type: openai, base_url: "%s", api_key: sk-test }
        claude: { type: anthropic, base_url: "%s", api_key: sk-ant-test, max_tokens_default: 8192 }
      limits: { reserve_output_tokens: 50 }
      tenants:
        acme: { budget_usd_per_day: 100 }
      models:
        gpt: { targets: [ { provider: openai, model: gpt-4.1 } ], retries: 0 }
        reasoning: { targets: [ { provider: openai, model: o3 } ], retries: 0 }
        claude: { targets: [ { provider: claude, model: claude-sonnet-4-5 } ], retries: 0 }
        long:
          targets: [ { provider: sim, model: sim-lorem-2000 } ]
          price: { input_per_mtok: 0, output_per_mtok: 1000 }
      """.formatted(openai.baseUrl(), anthropic.rootUrl()), ADMIN_KEY, Clock.systemUTC()).closing(openai, anthropic);
  private final AdminClient admin = gateway.admin();
  private final KeyedHttp http = gateway.http();

  private JsonNode sentUpstream(FakeUpstream upstream, String answer, String key, String model) {
    upstream.json(200, answer);
    HttpResponse<String> response = http.post("/v1/chat/completions", key,
        "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return RawHttp.json(upstream.takeRequest().body());
  }

  @Test
  void underABudgetEachUpstreamGetsTheReservedOutputAsTheLimitInTheFieldItReads() {
    String key = admin.newKey("{\"tenant\":\"acme\"}");

    assertThat(sentUpstream(openai, OPENAI_ANSWER, key, "gpt").path("max_tokens").asInt()).isEqualTo(50);
    JsonNode reasoning = sentUpstream(openai, OPENAI_ANSWER, key, "reasoning");
    assertThat(reasoning.path("max_completion_tokens").asInt()).isEqualTo(50);
    assertThat(reasoning.has("max_tokens")).isFalse();
    assertThat(sentUpstream(anthropic, ANTHROPIC_ANSWER, key, "claude").path("max_tokens").asInt()).isEqualTo(50);
  }

  @Test
  void withoutABudgetOrTpmTheRequestGoesUpstreamAsTheCallerSentIt() {
    String key = admin.newKey("{\"tenant\":\"free\",\"allow_unconfigured_tenant\":true}");

    JsonNode sent = sentUpstream(openai, OPENAI_ANSWER, key, "gpt");
    assertThat(sent.has("max_tokens") || sent.has("max_completion_tokens")).isFalse();
    assertThat(sentUpstream(anthropic, ANTHROPIC_ANSWER, key, "claude").path("max_tokens").asInt()).isEqualTo(8192);
  }

  @Test
  void concurrentCallsWithoutAnOutputLimitNeverSpendMoreThanTheBudget() throws Exception {
    double budget = 0.25;
    String key = admin.newKey(
        "{\"tenant\":\"crowd\",\"allow_unconfigured_tenant\":true,\"budget_usd_per_day\":" + budget + "}");
    String body = "{\"model\":\"long\",\"messages\":[{\"role\":\"user\",\"content\":\"tell me everything\"}]}";

    List<HttpResponse<String>> responses = http.chatTogether(key, body, 100);

    List<HttpResponse<String>> served = responses.stream().filter(r -> r.statusCode() == 200).toList();
    assertThat(served).isNotEmpty().allSatisfy(r -> {
      JsonNode answer = RawHttp.json(r.body());
      assertThat(answer.path("usage").path("completion_tokens").asInt()).isEqualTo(50);
      assertThat(answer.path("choices").path(0).path("finish_reason").asText()).isEqualTo("length");
    });
    assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isIn(200, 429));
    assertThat(BudgetThroughServerTest.spendOf(admin, "tenant", "crowd")).isLessThanOrEqualTo(budget + 1e-9);
  }
}
