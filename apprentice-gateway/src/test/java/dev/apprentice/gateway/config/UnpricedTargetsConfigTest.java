package dev.apprentice.gateway.config;

import static dev.apprentice.gateway.config.ConfigExamples.KEYS;
import static dev.apprentice.gateway.config.ConfigExamples.MINIMAL;
import static dev.apprentice.gateway.config.ConfigExamples.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class UnpricedTargetsConfigTest {

  private static final String UPSTREAM = """
      providers:
        up: { type: openai, base_url: "http://127.0.0.1:9/v1" }
        sim: { type: simulator }
      models:
      """;

  @Test
  void aTargetNothingPricesIsWarnedOfWithItsPathAndWhatItMeansForBudgets() {
    ApprenticeConfig config = ConfigLoader.parse(UPSTREAM + """
          llama: { targets: [ { provider: sim, model: sim-echo }, { provider: up, model: llama-3-70b } ] }
        """, Map.of());

    assertThat(config.warnings()).containsExactly("models.llama.targets[1]: 'up/llama-3-70b' has no price: the"
        + " built-in price table (as of 2025-11-01) does not list it and models.llama sets no price, so its calls cost"
        + " $0 in traces and costs and no budget can bind on it; keys and tenants with a budget are refused this model"
        + " (403 model_unpriced; limits.unpriced: allow lets them call it uncounted). Set models.llama.price"
        + " (input_per_mtok and output_per_mtok; 0 for a free model)");
  }

  @Test
  void withUnpricedAllowedTheWarningSaysBudgetedCallersGoUncounted() {
    ApprenticeConfig config = ConfigLoader.parse(UPSTREAM + """
          llama: { targets: [ { provider: up, model: llama-3-70b } ] }
        limits: { unpriced: allow }
        """, Map.of());

    assertThat(config.limits().refuseUnpriced()).isFalse();
    assertThat(config.warnings()).singleElement().asString()
        .contains("keys and tenants with a budget may call it uncounted (limits.unpriced: allow)");
  }

  @Test
  void listedModelsDatedSnapshotsConfiguredPricesAndTheSimulatorAreNotWarnedOf() {
    ApprenticeConfig config = ConfigLoader.parse(UPSTREAM + """
          listed: { targets: [ { provider: up, model: gpt-4o-2024-05-13 }, { provider: up, model: openai/gpt-4.1 } ] }
          opus4: { targets: [ { provider: up, model: claude-opus-4-20250514 } ] }
          free: { targets: [ { provider: up, model: llama-3-70b } ], price: { input_per_mtok: 0, output_per_mtok: 0 } }
          echo: { targets: [ { provider: sim, model: sim-echo } ] }
        """, Map.of());

    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void aConfiguredPriceThatLeavesOutTheOutputOfAnUnlistedModelIsWarnedOf() {
    ApprenticeConfig config = ConfigLoader.parse(UPSTREAM + """
          llama: { targets: [ { provider: up, model: llama-3-70b } ], price: { input_per_mtok: 0.5 } }
        """, Map.of());

    assertThat(config.warnings()).containsExactly("models.llama.price: sets no output_per_mtok, and the built-in"
        + " price table does not list 'llama-3-70b': those tokens cost $0 and budgets do not count them");
  }

  @Test
  void theBuiltInDefaultWithBothProvidersPricesEveryModel() {
    ApprenticeConfig config = ConfigLoader.defaults(KEYS);

    assertThat(config.models()).containsKeys("gpt-4o", "claude-opus-4-1");
    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void unpricedIsRefuseByDefaultAndTakesOnlyRefuseOrAllow() {
    assertThat(ConfigLoader.parse(MINIMAL, Map.of()).limits().refuseUnpriced()).isTrue();
    assertThat(ConfigLoader.render(ConfigLoader.parse(MINIMAL, Map.of()))).contains("unpriced: refuse");
    assertThat(problemsOf(MINIMAL + "limits: { unpriced: ignore }\n")).containsExactly(
        "limits.unpriced: unknown policy for unpriced models 'ignore' (known: refuse, allow)");
  }
}
