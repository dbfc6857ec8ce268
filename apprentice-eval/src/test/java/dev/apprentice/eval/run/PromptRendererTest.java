package dev.apprentice.eval.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.eval.dataset.EvalItem;
import dev.apprentice.eval.suite.VariantSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptRendererTest {

  private static String rendered(String template, Map<String, Object> fields) {
    VariantSpec variant = new VariantSpec("v", "m", List.of(new VariantSpec.MessageTemplate("user", template)), Map.of());
    EvalItem item = new EvalItem(0, "the input", List.of(), null, List.of(), fields);
    return PromptRenderer.request(variant, item).messages().getFirst().text();
  }

  @Test
  void listsAndObjectsOfAJsonRowAreFilledInAsCompactJson() {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("source", "faq");
    meta.put("rank", 2);
    Map<String, Object> fields = Map.of("context", List.of("a \"quoted\" line", "b"), "meta", meta, "n", 3.5,
        "ok", true);

    String prompt = rendered("{{input}} | {{context}} | {{meta}} | {{meta.source}} | {{n}} | {{ok}}", fields);

    assertThat(prompt).isEqualTo("the input | [\"a \\\"quoted\\\" line\",\"b\"] | {\"source\":\"faq\",\"rank\":2} | faq"
        + " | 3.5 | true");
  }

  @Test
  void aPlaceholderNamingAColumnWithAnAccentOrASpaceIsFilledInNotSentAsItIs() {
    Map<String, Object> fields = Map.of("región", "norte", "customer name", "Ana", "問題", "遅延");

    assertThat(rendered("{{región}} / {{ customer name }} / {{問題}} / {\"a\": {{input}}}", fields))
        .isEqualTo("norte / Ana / 遅延 / {\"a\": the input}");
  }

  @Test
  void aPlaceholderWithAnAccentThatNamesNoColumnIsRefusedBeforeAnyCall() {
    VariantSpec variant = new VariantSpec("v", "m", List.of(new VariantSpec.MessageTemplate("user", "{{región}}")),
        Map.of());
    EvalItem item = new EvalItem(3, "x", List.of(), null, List.of(), Map.of("region", "norte"));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PromptRenderer.check(variant, item))
        .hasMessage("variant v: item 3 has no value for {{región}}");
  }

  @Test
  void thePlaceholdersInAPromptModelsVariablesAreFilledPerItem() {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("ticket", "{{input}}");
    variables.put("customer", Map.of("tier", "{{tier}}"));
    variables.put("tags", List.of("{{tier}}", 7));
    VariantSpec variant = new VariantSpec("triage", "prompt:support-triage@production", List.of(),
        Map.of("temperature", 0, "variables", variables));
    EvalItem item = new EvalItem(4, "my card is lost", List.of(), null, List.of(), Map.of("tier", "gold"));

    var request = PromptRenderer.request(variant, item);

    assertThat(request.model()).isEqualTo("prompt:support-triage@production");
    assertThat(request.messages()).isEmpty();
    assertThat(request.extra().get("variables")).isEqualTo(Map.of("ticket", "my card is lost",
        "customer", Map.of("tier", "gold"), "tags", List.of("gold", 7)));
    assertThat(variant.parameters().get("variables")).as("the suite's own").isEqualTo(variables);
  }

  @Test
  void aVariableThatNamesAColumnTheItemLacksIsRefusedBeforeAnyCall() {
    VariantSpec variant = new VariantSpec("triage", "prompt:support-triage", List.of(),
        Map.of("variables", Map.of("ticket", "{{body}}")));
    EvalItem item = new EvalItem(41, "x", List.of(), null, List.of(), Map.of());

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PromptRenderer.check(variant, item))
        .hasMessage("variant triage: item 41 has no value for {{body}}");
  }

  private static String refusedParameters(Map<String, Object> parameters) {
    VariantSpec variant = new VariantSpec("small", "m", List.of(new VariantSpec.MessageTemplate("user", "{{input}}")),
        parameters);
    EvalItem item = new EvalItem(0, "x", List.of(), null, List.of(), Map.of());
    return org.assertj.core.api.Assertions.catchIllegalArgumentException(() -> PromptRenderer.request(variant, item))
        .getMessage();
  }

  @Test
  void parametersOfTheWrongKindAreRefusedNamingTheFieldAndTheKindItTakesNotJavaTypes() {
    assertThat(refusedParameters(Map.of("temperature", "hot")))
        .isEqualTo("variant small: bad parameters: temperature: expected a number");
    assertThat(refusedParameters(Map.of("response_format", "json")))
        .isEqualTo("variant small: bad parameters: response_format: expected a mapping");
    assertThat(refusedParameters(Map.of("tools", Map.of("a", 1))))
        .isEqualTo("variant small: bad parameters: tools: expected a list");
    assertThat(refusedParameters(Map.of("max_tokens", 1.5)))
        .as("a fraction is not cut to a token count").isEqualTo("variant small: bad parameters: max_tokens: expected a whole number");
    for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("n", List.of(1)), Map.of("messages", "hi"),
        Map.of("seed", new java.math.BigInteger("99999999999999999999999")))) {
      assertThat(refusedParameters(bad)).as(bad.toString()).startsWith("variant small: bad parameters: ")
          .doesNotContain("java.").doesNotContain("dev.apprentice").doesNotContain("`").doesNotContain("Source");
    }
  }
}
