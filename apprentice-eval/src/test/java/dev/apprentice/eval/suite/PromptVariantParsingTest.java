package dev.apprentice.eval.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A variant whose model is a registered prompt ({@code prompt:NAME}) sends that prompt, not a default message too. */
class PromptVariantParsingTest {

  @Test
  void aPromptVariantWithoutAPromptOfItsOwnSendsNoMessageOfItsOwnAndKeepsItsVariables() {
    Suite suite = SuiteParser.parse("""
        dataset: { path: items.jsonl }
        variants:
          - { name: registered, model: "prompt:support-triage@production", parameters: { variables: { ticket: "{{input}}" } } }
          - { name: followed, model: "prompt:support-triage", prompt: "Answer in French." }
          - { name: plain, model: gpt-4o-mini }
        metrics: [ { name: exact_match } ]
        """);

    assertThat(suite.variant("registered").messages()).isEmpty();
    assertThat(suite.variant("registered").parameters()).containsEntry("variables", Map.of("ticket", "{{input}}"));
    assertThat(suite.variant("followed").messages()).singleElement()
        .isEqualTo(new VariantSpec.MessageTemplate("user", "Answer in French."));
    assertThat(suite.variant("plain").messages()).singleElement()
        .isEqualTo(new VariantSpec.MessageTemplate("user", "{{input}}"));
  }
}
