package dev.apprentice.gateway.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PriceTableTest {

  private final PriceTable table = PriceTable.builtIn();

  @Test
  void theBuiltInTableSaysWhenItsPricesWereKnownAndToOverrideThem() {
    assertThat(table.asOf()).isEqualTo(LocalDate.of(2025, 11, 1));
    assertThat(table.source()).contains("per 1M tokens").contains("override");
    assertThat(table.models()).containsKeys("gpt-4o", "gpt-5-nano", "text-embedding-3-large", "claude-opus-4-1",
        "claude-3-5-haiku", "gemini-2.5-flash-lite");
  }

  @Test
  void aDatedSnapshotFindsThePriceOfItsBaseModel() {
    Price gpt4o = table.find("gpt-4o");

    assertThat(gpt4o).isNotNull();
    assertThat(table.find("gpt-4o-2024-08-06")).isEqualTo(gpt4o);
    assertThat(table.find("claude-sonnet-4-5-20250929")).isEqualTo(table.find("claude-sonnet-4-5"));
    assertThat(table.find("claude-3-5-haiku-latest")).isEqualTo(table.find("claude-3-5-haiku"));
  }

  @Test
  void aDatedSnapshotWithAListPriceOfItsOwnIsNotPricedAsItsBaseModel() {
    // OpenAI lists gpt-4o-2024-05-13 at $5 / $15, twice the input price of gpt-4o (the 2024-08-06 snapshot on)
    assertThat(table.find("gpt-4o-2024-05-13")).isEqualTo(new Price(5.00, 15.00, 5.00, 5.00, 15.00));
    assertThat(table.find("openai/gpt-4o-2024-05-13")).isEqualTo(table.find("gpt-4o-2024-05-13"));
    assertThat(table.find("gpt-4o-2024-11-20")).isEqualTo(table.find("gpt-4o"));
  }

  @Test
  void claudeOpus4IsPricedUnderItsOwnNameAndItsDatedSnapshot() {
    assertThat(table.find("claude-opus-4-20250514")).isEqualTo(new Price(15.00, 75.00, 1.50, 18.75, 75.00));
  }

  @Test
  void aProviderPrefixAndTheCaseOfTheNameDoNotMatter() {
    assertThat(table.find("openai/GPT-4o")).isEqualTo(table.find("gpt-4o"));
    assertThat(table.find("anthropic/claude-sonnet-4-5-20250929")).isEqualTo(table.find("claude-sonnet-4-5"));
  }

  @Test
  void aSmallerSiblingIsNotMistakenForItsBigModel() {
    assertThat(table.find("gpt-4o-mini")).isNotEqualTo(table.find("gpt-4o"));
    assertThat(table.find("gpt-4o-mini-2024-07-18")).isEqualTo(table.find("gpt-4o-mini"));
  }

  @Test
  void anUnknownModelHasNoPrice() {
    assertThat(table.find("llama-3-70b")).isNull();
    assertThat(table.find(null)).isNull();
  }

  @Test
  void anthropicModelsPriceCacheWritesAboveInputAndCacheReadsBelowIt() {
    table.models().forEach((name, price) -> {
      if (!name.startsWith("claude")) return;
      assertThat(price.cacheWrite()).as(name).isGreaterThan(price.input());
      assertThat(price.cachedInput()).as(name).isLessThan(price.input());
    });
  }

  @Test
  void aTableWhoseModelLacksAnOutputPriceIsRejected() {
    String yaml = "as_of: 2025-01-01\nmodels:\n  m: { input_per_mtok: 1 }\n";

    assertThatThrownBy(() -> PriceTable.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))))
        .hasMessageContaining("price of m needs input_per_mtok and output_per_mtok");
  }

  @Test
  void aTableThatPricesAModelTwiceIsRejectedRatherThanTheLastPriceWinning() {
    String yaml = "as_of: 2025-01-01\nmodels:\n  m: { input_per_mtok: 1, output_per_mtok: 2 }\n"
        + "  m: { input_per_mtok: 5, output_per_mtok: 15 }\n";

    assertThatThrownBy(() -> PriceTable.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))))
        .hasMessageContaining("Duplicate field 'm'");
  }
}
