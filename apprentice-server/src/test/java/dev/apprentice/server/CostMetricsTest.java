package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.apprentice.api.trace.AttemptRecord;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.api.trace.Tokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code apprentice_cost_usd_total} counts each attempt's booking under its own provider, an attempt given up after its
 * request was sent too, and {@code apprentice_cost_estimated_usd_total} the part of it counted locally;
 * {@code apprentice_tokens_total} splits a call's tokens by provider the same way, so the two agree.
 */
class CostMetricsTest {

  private final GatewayMetrics metrics = new GatewayMetrics();

  private static TraceRecord trace(String provider, double costUsd, List<AttemptRecord> attempts) {
    return trace(provider, new Tokens(1_260, 40, 0, 0, 0), costUsd, attempts);
  }

  private static TraceRecord trace(String provider, Tokens tokens, double costUsd, List<AttemptRecord> attempts) {
    return new TraceRecord("t1", Instant.parse("2026-03-01T10:00:00Z"), "acme", "k1", "smart", provider, "m", null,
        null, false, provider == null ? 504 : 200, provider == null ? "upstream_timeout" : null, null,
        tokens, true, costUsd, 10, null, 1, "miss", null, null, null, null, null, attempts);
  }

  @Test
  void anAttemptGivenUpAfterSendingIsSpendOfItsOwnProviderAndCountedAsEstimated() {
    metrics.accept(trace("anthropic", 0.003125 + 0.00025, List.of(
        new AttemptRecord(0, "openai", "gpt-4o", 30_000, "timeout", 0, "no answer", 1_250, 0, 0.003125, true),
        new AttemptRecord(1, "anthropic", "claude-x", 10, "ok", 0, null, 10, 40, 0.00025, false))));

    String scraped = metrics.scrape();
    assertThat(sample(scraped, "apprentice_cost_usd_total", "provider=\"openai\"")).isCloseTo(0.003125, within(1e-12));
    assertThat(sample(scraped, "apprentice_cost_usd_total", "provider=\"anthropic\""))
        .isCloseTo(0.00025, within(1e-12));
    assertThat(sample(scraped, "apprentice_cost_estimated_usd_total", "provider=\"openai\""))
        .isCloseTo(0.003125, within(1e-12));
    assertThat(samples(scraped, "apprentice_cost_estimated_usd_total", "provider=\"anthropic\"")).isEmpty();
  }

  @Test
  void aCallThatNoTargetAnsweredIsStillSpendWhenItsAttemptsWereSent() {
    metrics.accept(trace(null, 0.003125, List.of(
        new AttemptRecord(0, "openai", "gpt-4o", 30_000, "timeout", 0, "no answer", 1_250, 0, 0.003125, true))));

    String scraped = metrics.scrape();
    assertThat(sample(scraped, "apprentice_cost_usd_total", "provider=\"openai\"", "tenant=\"acme\""))
        .isCloseTo(0.003125, within(1e-12));
    assertThat(samples(scraped, "apprentice_cost_usd_total", "provider=\"none\"")).isEmpty();
  }

  @Test
  void aCostNoAttemptCarriesIsCountedUnderTheCallsProvider() {
    // an embedding call: its attempts carry no cost of their own
    metrics.accept(trace("openai", 0.0002, List.of(new AttemptRecord(0, "openai", "text-embedding-3-small", 10, "ok",
        0, null))));

    assertThat(sample(metrics.scrape(), "apprentice_cost_usd_total", "provider=\"openai\""))
        .isCloseTo(0.0002, within(1e-12));
  }

  @Test
  void theTokensOfAnAttemptGivenUpAfterSendingAreItsOwnProvidersAsItsSpendIs() {
    metrics.accept(trace("anthropic", 0.003125 + 0.00025, List.of(
        new AttemptRecord(0, "openai", "gpt-4o", 30_000, "timeout", 0, "no answer", 1_250, 0, 0.003125, true),
        new AttemptRecord(1, "anthropic", "claude-x", 10, "ok", 0, null, 10, 40, 0.00025, false))));

    String scraped = metrics.scrape();
    assertThat(sample(scraped, "apprentice_tokens_total", "provider=\"openai\"", "type=\"input\"")).isEqualTo(1_250);
    assertThat(samples(scraped, "apprentice_tokens_total", "provider=\"openai\"", "type=\"output\"")).isEmpty();
    assertThat(sample(scraped, "apprentice_tokens_total", "provider=\"anthropic\"", "type=\"input\"")).isEqualTo(10);
    assertThat(sample(scraped, "apprentice_tokens_total", "provider=\"anthropic\"", "type=\"output\"")).isEqualTo(40);
  }

  @Test
  void theTokensOfACallNoTargetAnsweredAreTheProvidersItsPromptWasSentTo() {
    metrics.accept(trace(null, new Tokens(1_250, 0, 0, 0, 0), 0.003125, List.of(
        new AttemptRecord(0, "openai", "gpt-4o", 30_000, "timeout", 0, "no answer", 1_250, 0, 0.003125, true))));

    String scraped = metrics.scrape();
    assertThat(sample(scraped, "apprentice_tokens_total", "provider=\"openai\"", "type=\"input\""))
        .isEqualTo(1_250);
    assertThat(samples(scraped, "apprentice_tokens_total", "provider=\"none\"")).isEmpty();
  }

  @Test
  void cachedInputAndReasoningAreTheAnsweringProvidersAndTokensNoAttemptCarriesTheCallsProviders() {
    TraceRecord answered = new TraceRecord("t2", Instant.parse("2026-03-01T10:00:00Z"), "acme", "k1", "smart",
        "anthropic", "claude-x", null, null, false, 200, null, null, new Tokens(1_300, 40, 200, 0, 15), false, 0.01,
        10, null, 1, "miss", null, null, null, null, null, List.of(
            new AttemptRecord(0, "openai", "gpt-4o", 30_000, "timeout", 0, "no answer", 1_000, 0, 0.0025, true),
            new AttemptRecord(1, "anthropic", "claude-x", 10, "ok", 0, null, 300, 40, 0.0075, false)));
    metrics.accept(answered);
    metrics.accept(trace("openai", 0.0002, List.of(new AttemptRecord(0, "openai", "gpt-4o", 10, "ok", 0, null))));

    String scraped = metrics.scrape();
    assertThat(sample(scraped, "apprentice_tokens_total", "provider=\"anthropic\"", "type=\"input\"")).isEqualTo(100);
    assertThat(sample(scraped, "apprentice_tokens_total", "provider=\"anthropic\"", "type=\"cached_input\""))
        .isEqualTo(200);
    assertThat(sample(scraped, "apprentice_tokens_total", "provider=\"anthropic\"", "type=\"reasoning\""))
        .isEqualTo(15);
    assertThat(sample(scraped, "apprentice_tokens_total", "provider=\"openai\"", "type=\"input\""))
        .as("the given-up prompt, and the whole of a call whose attempts carry no tokens").isEqualTo(1_000 + 1_260);
    assertThat(sample(scraped, "apprentice_tokens_total", "provider=\"openai\"", "type=\"output\"")).isEqualTo(40);
  }

  private static double sample(String scraped, String name, String... labels) {
    List<Double> values = samples(scraped, name, labels);
    assertThat(values).as(name + " with " + List.of(labels)).hasSize(1);
    return values.getFirst();
  }

  private static List<Double> samples(String scraped, String name, String... labels) {
    List<Double> values = new ArrayList<>();
    Matcher line = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? (\\S+)$").matcher(scraped);
    while (line.find()) {
      String found = line.group(1) == null ? "" : line.group(1);
      if (List.of(labels).stream().allMatch(found::contains)) values.add(Double.parseDouble(line.group(2)));
    }
    return values;
  }
}
