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
}
