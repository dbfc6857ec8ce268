package dev.apprentice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CacheRulesTest {

  private static String context(CacheRules rules, String question) {
    return rules.key(question).context();
  }

  @Test
  void byMeaningAloneEveryQuestionSharesOneContext() {
    assertThat(context(CacheRules.MEANING, "Why is my card not working?"))
        .isEqualTo(context(CacheRules.MEANING, "My card expires in 2027, what now?"))
        .isEqualTo(context(CacheRules.MEANING, "How do I top up my card?"));
  }

  @Test
  void withTheGatewaysRulesQuestionsNamingOtherNumbersOrNegatedOtherwiseGetOtherContexts() {
    String plain = context(CacheRules.GATEWAY, "How do I top up my card?");

    assertThat(context(CacheRules.GATEWAY, "Can I top up my card with cash?")).isEqualTo(plain);
    assertThat(context(CacheRules.GATEWAY, "Why can't I top up my card?")).isNotEqualTo(plain);
    assertThat(context(CacheRules.GATEWAY, "My card expires in 2025")).isNotEqualTo(plain)
        .isNotEqualTo(context(CacheRules.GATEWAY, "My card expires in 2027"))
        .isEqualTo(context(CacheRules.GATEWAY, "When my card expires in 2025, what happens?"));
  }

  @Test
  void theOptionTakesMeaningGatewayOrBoth() {
    assertThat(CacheRules.parse("both")).containsExactly(CacheRules.MEANING, CacheRules.GATEWAY);
    assertThat(CacheRules.parse("gateway")).containsExactly(CacheRules.GATEWAY);
    assertThatThrownBy(() -> CacheRules.parse("strict")).hasMessageContaining("meaning, gateway or both");
  }
}
