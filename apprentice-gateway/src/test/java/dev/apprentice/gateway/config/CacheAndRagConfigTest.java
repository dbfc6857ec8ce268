package dev.apprentice.gateway.config;

import static dev.apprentice.gateway.config.ConfigExamples.MINIMAL;
import static dev.apprentice.gateway.config.ConfigExamples.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.cache.CachePolicy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheAndRagConfigTest {

  @Test
  void theProductExampleCacheBlocksAreReadWithAModelOverridingTheDefaultFieldByField() {
    ApprenticeConfig config = ConfigLoader.parse("""
        providers:
          sim: { type: simulator }
        cache:
          mode: exact
          ttl: 30m
        models:
          plain: { targets: [ { provider: sim, model: sim-echo } ] }
          smart:
            targets: [ { provider: sim, model: sim-echo } ]
            cache: { mode: semantic, threshold: 0.92, ttl: 1h, max_entries: 100000 }
          chatty:
            targets: [ { provider: sim, model: sim-echo } ]
            cache: { deterministic_only: false }
        """, Map.of());

    CacheSettings plain = config.models().get("plain").cache();
    assertThat(plain.mode()).isEqualTo(CachePolicy.Mode.EXACT);
    assertThat(plain.ttl()).isEqualTo(Duration.ofMinutes(30));
    assertThat(plain.deterministicOnly()).isTrue();
    CacheSettings smart = config.models().get("smart").cache();
    assertThat(smart).isEqualTo(new CacheSettings(CachePolicy.Mode.SEMANTIC, 0.92, Duration.ofHours(1), 100_000, true));
    CacheSettings chatty = config.models().get("chatty").cache();
    assertThat(chatty.deterministicOnly()).isFalse();
    assertThat(chatty.ttl()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void withoutACacheBlockDeterministicRequestsAreCachedExactlyForAnHour() {
    ApprenticeConfig config = ConfigLoader.parse(MINIMAL, Map.of());
    assertThat(config.models().values()).allSatisfy(m -> assertThat(m.cache()).isEqualTo(CacheSettings.defaults()));
    assertThat(CacheSettings.defaults().mode()).isEqualTo(CachePolicy.Mode.EXACT);
    assertThat(CacheSettings.defaults().ttl()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void aRagBlockIsReadWithDefaults() {
    ApprenticeConfig config = ConfigLoader.parse("""
        providers:
          sim: { type: simulator }
        models:
          support:
            targets: [ { provider: sim, model: sim-echo } ]
            rag: { collection: handbook }
          plain: { targets: [ { provider: sim, model: sim-echo } ] }
        """, Map.of());
    assertThat(config.models().get("support").rag())
        .isEqualTo(new RagSettings("handbook", 4, -1, RagSettings.DEFAULT_TEMPLATE));
    assertThat(config.models().get("plain").rag()).isNull();
  }

  @Test
  void aRagBlocksContextBudgetIsEightThousandTokensUnlessItSetsOne() {
    ApprenticeConfig config = ConfigLoader.parse("""
        providers:
          sim: { type: simulator }
        models:
          roomy:
            targets: [ { provider: sim, model: sim-echo } ]
            rag: { collection: handbook, k: 50, max_context_tokens: 120000 }
          plain: { targets: [ { provider: sim, model: sim-echo } ], rag: { collection: handbook } }
        """, Map.of());
    assertThat(config.models().get("roomy").rag().maxContextTokens()).isEqualTo(120_000);
    assertThat(config.models().get("plain").rag().maxContextTokens()).isEqualTo(8_000);
    assertThat(config.models().get("roomy").rag().promptRecipe())
        .as("answers cached under another budget are not served").contains("max_context_tokens=120000");
  }

  @Test
  void badCacheAndRagValuesAreRejectedWithTheirPaths() {
    assertThat(problemsOf("""
        providers:
          sim: { type: simulator }
        cache: { mode: fuzzy, ttl: soon }
        models:
          m:
            targets: [ { provider: sim, model: sim-echo } ]
            cache: { threshold: 1.5, max_entries: 0, colour: blue }
            rag: { k: 0, template: "no placeholder here", max_context_tokens: 0 }
          n:
            targets: [ { provider: sim, model: sim-echo } ]
            rag: { collection: handbook, max_context_tokens: lots }
        """)).containsExactlyInAnyOrder(
        "cache.mode: unknown cache mode 'fuzzy' (known: off, exact, semantic)",
        "cache.ttl: expected a duration such as 90s, 30m, 1h or 7d, got 'soon'",
        "models.m.cache.threshold: expected a number between 0 and 1, got '1.5'",
        "models.m.cache.max_entries: expected an integer between 1 and 100000000, got '0'",
        "models.m.cache.colour: unknown key",
        "models.m.rag.collection: is required",
        "models.m.rag.k: expected an integer between 1 and 50, got '0'",
        "models.m.rag.template: must contain {{context}} where the retrieved chunks go",
        "models.m.rag.max_context_tokens: expected an integer between 100 and 1000000, got '0'",
        "models.n.rag.max_context_tokens: expected an integer between 100 and 1000000, got 'lots'");
  }

  @Test
  void aRagCollectionNoCollectionCanHaveIsRejectedAtStartupNotAtEveryCall() {
    assertThat(problemsOf("""
        providers:
          sim: { type: simulator }
        models:
          up: { targets: [ { provider: sim, model: sim-echo } ], rag: { collection: "../x" } }
          caps: { targets: [ { provider: sim, model: sim-echo } ], rag: { collection: Handbook } }
          fine: { targets: [ { provider: sim, model: sim-echo } ], rag: { collection: handbook-2_b } }
        """)).containsExactlyInAnyOrder(
        "models.up.rag.collection: a collection name is 1-64 lower-case letters, digits, '_' or '-', starting with a"
            + " letter or digit; got '../x'",
        "models.caps.rag.collection: a collection name is 1-64 lower-case letters, digits, '_' or '-', starting with a"
            + " letter or digit; got 'Handbook'");
  }

  @Test
  void privateValuesAreForTheExactTierUnlessAModelLeavesThemToTheSemanticOne() {
    ApprenticeConfig config = ConfigLoader.parse("""
        providers:
          sim: { type: simulator }
        cache: { mode: semantic }
        models:
          guarded: { targets: [ { provider: sim, model: sim-echo } ] }
          shared:
            targets: [ { provider: sim, model: sim-echo } ]
            cache: { private_values: semantic }
          exact:
            targets: [ { provider: sim, model: sim-echo } ]
            cache: { mode: exact }
        """, Map.of());

    assertThat(CacheSettings.defaults().privateValues()).isEqualTo(CachePolicy.Mode.EXACT);
    assertThat(config.models().get("guarded").cache().guardsPrivateValues()).isTrue();
    assertThat(config.models().get("shared").cache().privateValues()).isEqualTo(CachePolicy.Mode.SEMANTIC);
    assertThat(config.models().get("shared").cache().guardsPrivateValues()).isFalse();
    assertThat(config.models().get("exact").cache().guardsPrivateValues()).as("no semantic tier to guard").isFalse();
    assertThat(problemsOf("""
        providers:
          sim: { type: simulator }
        models:
          m:
            targets: [ { provider: sim, model: sim-echo } ]
            cache: { mode: semantic, private_values: everywhere }
          n:
            targets: [ { provider: sim, model: sim-echo } ]
            cache: { private_values: off }
        """)).containsExactlyInAnyOrder(
        "models.m.cache.private_values: unknown cache tier for private values 'everywhere' (known: exact, semantic)",
        "models.n.cache.private_values: unknown cache tier for private values 'off' (known: exact, semantic)");
  }
}
