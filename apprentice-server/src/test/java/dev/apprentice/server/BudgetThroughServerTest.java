package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.gateway.cost.TokenEstimator;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.server.http.ServerJson;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Budgets and rate limits through HTTP: keys and tenants are refused with 429 and Retry-After once over their RPM,
 * TPM or daily budget, and calls in flight together never overrun a budget by more than one call's reservation.
 */
class BudgetThroughServerTest {

  private static final String ADMIN_KEY = "admin-key-for-budget-tests";
  /**
   * Model {@code m} charges only output, $0.001 a token, so that a call's reservation ({@code max_tokens} 10: $0.01)
   * and cost (the simulator echoes three words: $0.003) are exact; {@code priced} also charges its prompt.
   */
  private static final String YAML = """
      providers:
        sim: { type: simulator }
      tenants:
        acme: { budget_usd_per_day: 0.02 }
        busy: { rpm: 3 }
      models:
        m:
          targets: [ { provider: sim, model: sim-echo } ]
          price: { input_per_mtok: 0, output_per_mtok: 1000 }
        priced:
          targets: [ { provider: sim, model: sim-echo } ]
          price: { input_per_mtok: 500, output_per_mtok: 1000 }
      """;
  private static final String CALL =
      "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"one two three\"}]}";
  private static final double RESERVATION = 0.01;
  private static final double COST = 0.003;

  /** Started by each test, on its clock. */
  @AutoClose
  private RunningGateway gateway;

  @Test
  void aKeyIsServedUntilItsDailyBudgetCannotCoverTheNextCallThen429WithRetryAfterToMidnight() {
    start(Clock.systemUTC());
    AdminClient admin = gateway.admin();
    KeyedHttp http = gateway.http();
    JsonNode created =
        admin.createKey("{\"tenant\":\"solo\",\"allow_unconfigured_tenant\":true,\"budget_usd_per_day\":0.02}");
    String key = created.path("key").asText();

    int served = 0;
    HttpResponse<String> refused = null;
    Instant before = null;
    Instant after = null;
    for (int i = 0; i < 20 && refused == null; i++) {
      before = Instant.now();
      HttpResponse<String> response = http.post("/v1/chat/completions", key, CALL);
      after = Instant.now();
      if (response.statusCode() == 200) served++;
      else refused = response;
    }

    assertThat(refused).as("a call is refused within 20").isNotNull();
    assertError(refused, 429, "rate_limit_error", "budget_exceeded", null);
    // each call reserves $0.01 and costs $0.003: the fifth finds $0.012 spent, and $0.022 > $0.02
    assertThat(served).isEqualTo(4);
    long retryAfter = Long.parseLong(refused.headers().firstValue("retry-after").orElseThrow());
    assertThat(retryAfter).isPositive().isBetween(secondsToMidnight(after), secondsToMidnight(before));
    double spent = spendOf(admin, "key", created.path("id").asText());
    assertThat(spent).isCloseTo(served * COST, within(1e-9));
    assertThat(spent).isLessThanOrEqualTo(0.02 + RESERVATION).isGreaterThan(0.02 - RESERVATION);
    assertError(http.post("/v1/chat/completions", key, CALL), 429, "rate_limit_error", "budget_exceeded", null);
    assertThat(admin.traces("status=429")).hasSize(2).allSatisfy(t -> {
      assertThat(t.path("error_code").asText()).isEqualTo("budget_exceeded");
      assertThat(t.path("cost_usd").asDouble()).isZero();
    });
  }

  @Test
  void aCallThatCouldCostMoreThanTheWholeDailyBudgetIsA400WithoutRetryAfter() {
    start(Clock.systemUTC());
    AdminClient admin = gateway.admin();
    String key = admin.newKey("{\"tenant\":\"solo\",\"allow_unconfigured_tenant\":true,\"budget_usd_per_day\":0.0012}");
    String noLimit = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"one two three\"}]}";

    HttpResponse<String> refused = gateway.http().post("/v1/chat/completions", key, noLimit);

    JsonNode error = assertError(refused, 400, "invalid_request_error", "request_over_budget", null);
    assertThat(error.path("message").asText()).contains("whole daily budget").contains("($0.0012)");
    assertThat(refused.headers().firstValue("retry-after")).isEmpty();
    assertThat(gateway.http().post("/v1/chat/completions", key, CALL.replace("10", "1")).statusCode())
        .as("a call asking for one token fits").isEqualTo(200);
  }

  @Test
  void streamedCallsCountAgainstTheBudgetLikePlainOnes() {
    start(Clock.systemUTC());
    AdminClient admin = gateway.admin();
    KeyedHttp http = gateway.http();
    JsonNode created =
        admin.createKey("{\"tenant\":\"solo\",\"allow_unconfigured_tenant\":true,\"budget_usd_per_day\":0.02}");
    String streamed = CALL.replace("\"max_tokens\"", "\"stream\":true,\"max_tokens\"");

    int served = 0;
    HttpResponse<String> refused = null;
    for (int i = 0; i < 20 && refused == null; i++) {
      HttpResponse<String> response = http.post("/v1/chat/completions", created.path("key").asText(),
          i % 2 == 0 ? streamed : CALL);
      if (response.statusCode() == 200) {
        served++;
        if (i % 2 == 0) assertThat(SseEvents.parse(response.body()).endsWithDone()).isTrue();
      } else {
        refused = response;
      }
    }

    assertThat(refused).isNotNull();
    assertError(refused, 429, "rate_limit_error", "budget_exceeded", null);
    assertThat(served).isEqualTo(4);
    assertThat(spendOf(admin, "key", created.path("id").asText())).isCloseTo(served * COST, within(1e-9));
  }

  @Test
  void aTenantBudgetFromTheConfigIsSharedByAllTheTenantsKeys() {
    start(Clock.systemUTC());
    AdminClient admin = gateway.admin();
    KeyedHttp http = gateway.http();
    String first = admin.newKey("{\"tenant\":\"acme\"}");
    String second = admin.newKey("{\"tenant\":\"acme\"}");
    String outsider = admin.newKey("{\"tenant\":\"globex\",\"allow_unconfigured_tenant\":true}");

    int served = 0;
    HttpResponse<String> refused = null;
    for (int i = 0; i < 20 && refused == null; i++) {
      HttpResponse<String> response = http.post("/v1/chat/completions", i % 2 == 0 ? first : second, CALL);
      if (response.statusCode() == 200) served++;
      else refused = response;
    }

    assertThat(refused).isNotNull();
    JsonNode error = assertError(refused, 429, "rate_limit_error", "budget_exceeded", null);
    assertThat(error.path("message").asText()).contains("acme");
    assertThat(Long.parseLong(refused.headers().firstValue("retry-after").orElseThrow())).isPositive();
    assertThat(served).as("the keys share one $0.02 budget").isEqualTo(4);
    assertError(http.post("/v1/chat/completions", first, CALL), 429, "rate_limit_error", "budget_exceeded", null);
    assertError(http.post("/v1/chat/completions", second, CALL), 429, "rate_limit_error", "budget_exceeded", null);
    assertThat(http.post("/v1/chat/completions", outsider, CALL).statusCode()).as("another tenant").isEqualTo(200);
    assertThat(spendOf(admin, "tenant", "acme")).isCloseTo(served * COST, within(1e-9))
        .isLessThanOrEqualTo(0.02 + RESERVATION);
  }

  @Test
  void aKeyOverItsRpmIsRefusedWith429AndRetryAfterUntilItsFirstCallIsAMinuteOld() {
    start(Clock.fixed(Instant.parse("2026-03-10T12:00:00Z"), ZoneOffset.UTC));
    AdminClient admin = gateway.admin();
    KeyedHttp http = gateway.http();
    String key = admin.newKey("{\"tenant\":\"solo\",\"allow_unconfigured_tenant\":true,\"rpm\":2}");
    String other = admin.newKey("{\"tenant\":\"solo\",\"allow_unconfigured_tenant\":true,\"rpm\":2}");

    assertThat(http.post("/v1/chat/completions", key, CALL).statusCode()).isEqualTo(200);
    assertThat(http.post("/v1/chat/completions", key, CALL).statusCode()).isEqualTo(200);
    HttpResponse<String> refused = http.post("/v1/chat/completions", key, CALL);

    assertError(refused, 429, "rate_limit_error", "rate_limit_exceeded", null);
    // the clock stands still: the first call of the minute leaves it 60 s after it was made
    assertThat(refused.headers().firstValue("retry-after")).hasValue("60");
    assertThat(http.post("/v1/chat/completions", other, CALL).statusCode()).as("a key's own limit").isEqualTo(200);
  }

  @Test
  void aTenantRpmFromTheConfigIsSharedByAllTheTenantsKeys() {
    start(Clock.fixed(Instant.parse("2026-03-10T12:00:00Z"), ZoneOffset.UTC));
    AdminClient admin = gateway.admin();
    KeyedHttp http = gateway.http();
    String first = admin.newKey("{\"tenant\":\"busy\"}");
    String second = admin.newKey("{\"tenant\":\"busy\"}");

    assertThat(http.post("/v1/chat/completions", first, CALL).statusCode()).isEqualTo(200);
    assertThat(http.post("/v1/chat/completions", second, CALL).statusCode()).isEqualTo(200);
    assertThat(http.post("/v1/chat/completions", first, CALL).statusCode()).isEqualTo(200);
    HttpResponse<String> refused = http.post("/v1/chat/completions", second, CALL);

    assertError(refused, 429, "rate_limit_error", "rate_limit_exceeded", null);
    assertThat(refused.headers().firstValue("retry-after")).hasValue("60");
  }

  @Test
  void fiveHundredConcurrentCallsNeverOverrunABudgetByMoreThanOneCallsReservation() throws Exception {
    start(Clock.systemUTC());
    AdminClient admin = gateway.admin();
    double budget = 0.25;
    JsonNode created = admin.createKey(
        "{\"tenant\":\"crowd\",\"allow_unconfigured_tenant\":true,\"budget_usd_per_day\":" + budget + "}");
    String body = CALL.replace("\"m\"", "\"priced\"");
    double reservation = reservation(gateway.server(), body);
    assertThat(reservation).as("a reservation is a small part of the budget").isPositive().isLessThan(budget / 10);

    List<HttpResponse<String>> responses =
        gateway.http().chatTogether(created.path("key").asText(), body, 500);

    List<HttpResponse<String>> served = responses.stream().filter(r -> r.statusCode() == 200).toList();
    List<HttpResponse<String>> refused = responses.stream().filter(r -> r.statusCode() != 200).toList();
    assertThat(served).isNotEmpty();
    assertThat(refused).isNotEmpty().allSatisfy(
        r -> assertError(r, 429, "rate_limit_error", "budget_exceeded", null));
    double spent = spendOf(admin, "key", created.path("id").asText());
    assertThat(spent).isLessThanOrEqualTo(budget + reservation);
    List<JsonNode> traces = admin.export();
    assertThat(traces).hasSize(500);
    assertThat(traces.stream().filter(t -> t.path("status").asInt() == 200).count()).isEqualTo(served.size());
    assertThat(traces.stream().mapToDouble(t -> t.path("cost_usd").asDouble()).sum()).isCloseTo(spent, within(1e-9));
  }

  @Test
  void fiveHundredConcurrentCallsNeverOverrunATpmLimitByMoreThanOneCallsReservation() throws Exception {
    start(Clock.fixed(Instant.parse("2026-03-10T12:00:00Z"), ZoneOffset.UTC));
    AdminClient admin = gateway.admin();
    int tpm = 600;
    String key = admin.newKey("{\"tenant\":\"crowd\",\"allow_unconfigured_tenant\":true,\"tpm\":" + tpm + "}");
    String body = CALL.replace("\"m\"", "\"priced\"");
    int reservedTokens = reservedTokens(gateway.server(), body);
    assertThat(reservedTokens).isPositive().isLessThan(tpm / 10);

    List<HttpResponse<String>> responses = gateway.http().chatTogether(key, body, 500);

    long served = responses.stream().filter(r -> r.statusCode() == 200).count();
    assertThat(served).isPositive();
    assertThat(responses.stream().filter(r -> r.statusCode() != 200)).isNotEmpty().allSatisfy(r -> {
      assertError(r, 429, "rate_limit_error", "rate_limit_exceeded", null);
      assertThat(Long.parseLong(r.headers().firstValue("retry-after").orElseThrow())).isPositive();
    });
    List<JsonNode> ok = admin.export().stream().filter(t -> t.path("status").asInt() == 200).toList();
    assertThat(ok).hasSize((int) served);
    long tokens = ok.stream().mapToLong(t -> t.path("input_tokens").asLong() + t.path("output_tokens").asLong()).sum();
    // the clock stands still, so nothing refills during the test
    assertThat(tokens).isLessThanOrEqualTo(tpm + reservedTokens);
  }

  private void start(Clock clock) {
    gateway = Gateways.running(YAML, ADMIN_KEY, clock);
  }

  /** What the gateway reserves against a budget for this call (LimitsStep: estimated prompt plus max_tokens). */
  private static double reservation(ApprenticeServer server, String body) throws JsonProcessingException {
    ChatRequest request = ServerJson.MAPPER.readValue(body, ChatRequest.class);
    ModelRoute route = server.gateway().model(request.model());
    int prompt = new TokenEstimator().countPrompt(request, route.targets().getFirst().upstreamModel());
    return server.accounting().pricing().worstCase(route, prompt, request.outputTokenLimit());
  }

  /** The tokens the gateway reserves against a TPM limit for this call. */
  private static int reservedTokens(ApprenticeServer server, String body) throws JsonProcessingException {
    ChatRequest request = ServerJson.MAPPER.readValue(body, ChatRequest.class);
    ModelRoute route = server.gateway().model(request.model());
    return new TokenEstimator().countPrompt(request, route.targets().getFirst().upstreamModel())
        + request.outputTokenLimit();
  }

  /** The recorded spend of one group in {@code /admin/costs?group_by=...}, 0 when it has none. */
  static double spendOf(AdminClient admin, String groupBy, String group) {
    for (JsonNode row : admin.costs("group_by=" + groupBy).path("data")) {
      if (row.path("group").asText().equals(group)) return row.path("cost_usd").asDouble();
    }
    return 0;
  }

  private static long secondsToMidnight(Instant at) {
    Instant midnight = LocalDate.ofInstant(at, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    return Math.ceilDiv(Duration.between(at, midnight).toMillis(), 1000L);
  }
}
