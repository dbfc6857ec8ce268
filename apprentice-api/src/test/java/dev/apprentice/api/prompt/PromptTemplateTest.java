package dev.apprentice.api.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.Content;
import dev.apprentice.api.ContentPart;
import dev.apprentice.api.Message;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptTemplateTest {

  private static final List<Message> TRIAGE = List.of(
      Message.system("You triage tickets for {{ product }}. Answer with one word."),
      Message.user("Customer {{customer.name}} writes: {{question}} (about {{product}})"));

  private static PromptVersion triage() {
    return new PromptVersion("triage", 3, TRIAGE, "sim-echo", Map.of("temperature", 0.2), Instant.EPOCH);
  }

  @Test
  void variablesAreListedInOrderOfFirstUseOnce() {
    assertThat(PromptTemplate.variables(TRIAGE)).containsExactly("product", "customer.name", "question");
  }

  @Test
  void renderingSubstitutesEveryPlaceholderAndKeepsTheRoles() {
    List<Message> rendered = triage().render(Map.of("product", "Acme Cloud", "customer.name", "Ada",
        "question", "my invoice is wrong"));

    assertThat(rendered).extracting(Message::role).containsExactly("system", "user");
    assertThat(rendered.get(0).text()).isEqualTo("You triage tickets for Acme Cloud. Answer with one word.");
    assertThat(rendered.get(1).text()).isEqualTo("Customer Ada writes: my invoice is wrong (about Acme Cloud)");
  }

  @Test
  void aValueIsInsertedLiterallyEvenWhenItLooksLikeAPlaceholder() {
    List<Message> rendered = triage().render(Map.of("product", "{{question}}", "customer.name", "$1 \\ Ada",
        "question", "q"));

    assertThat(rendered.get(1).text()).isEqualTo("Customer $1 \\ Ada writes: q (about {{question}})");
  }

  @Test
  void aMissingVariableIsAnErrorNamingIt() {
    Map<String, String> values = new LinkedHashMap<>(Map.of("product", "Acme", "customer.name", "Ada"));

    assertThatThrownBy(() -> triage().render(values)).isInstanceOf(PromptException.class)
        .hasMessage("variables.question is missing: triage@3 uses product, customer.name, question")
        .satisfies(e -> assertThat(((PromptException) e).param()).isEqualTo("variables.question"));
  }

  @Test
  void anUnusedVariableIsAnErrorSoThatTyposFailLoudly() {
    Map<String, String> values = Map.of("product", "Acme", "customer.name", "Ada", "question", "q", "qeustion", "q");

    assertThatThrownBy(() -> triage().render(values)).isInstanceOf(PromptException.class)
        .hasMessageContaining("variables.qeustion is not used by triage@3 (it uses product, customer.name, question)")
        .satisfies(e -> assertThat(((PromptException) e).param()).isEqualTo("variables.qeustion"));
  }

  @Test
  void aBackslashEscapesALiteralDoubleBrace() {
    List<Message> template = List.of(Message.user("Reply as JSON: \\{{\"label\": \"{{label}}\"}"));

    assertThat(PromptTemplate.variables(template)).containsExactly("label");
    assertThat(PromptTemplate.render(template, Map.of("label", "billing"), "p@1").getFirst().text())
        .isEqualTo("Reply as JSON: {{\"label\": \"billing\"}");
  }

  @Test
  void malformedPlaceholdersAreRefusedNamingTheMessage() {
    assertThatThrownBy(() -> PromptTemplate.variables(List.of(Message.system("ok"), Message.user("Hi {{name"))))
        .isInstanceOf(PromptException.class).hasMessageContaining("messages[1].content")
        .hasMessageContaining("never closed");
    assertThatThrownBy(() -> PromptTemplate.variables(List.of(Message.user("Hi {{ first name }}"))))
        .isInstanceOf(PromptException.class).hasMessageContaining("'{{ first name }}' is not a variable name")
        .satisfies(e -> assertThat(((PromptException) e).param()).isEqualTo("messages[0].content"));
  }

  @Test
  void textPartsAreRenderedAndOtherPartsKept() {
    ContentPart image = new ContentPart("image_url", null, new ContentPart.ImageUrl("https://x/y.png", null), null);
    Message multi = new Message("user", Content.parts(List.of(new ContentPart("text", "Describe {{thing}}", null, null),
        image)), null, null, null, null, null);

    Message rendered = PromptTemplate.render(List.of(multi), Map.of("thing", "this chart"), "p@1").getFirst();

    assertThat(rendered.content().parts().get(0).text()).isEqualTo("Describe this chart");
    assertThat(rendered.content().parts().get(1)).isEqualTo(image);
  }

  @Test
  void aPromptWithoutVariablesRendersAsItIsAndRefusesAnyValue() {
    List<Message> plain = List.of(Message.user("Say hello"));

    assertThat(PromptTemplate.render(plain, Map.of(), "p@1")).isEqualTo(plain);
    assertThatThrownBy(() -> PromptTemplate.render(plain, Map.of("x", "1"), "p@1"))
        .hasMessageContaining("variables.x is not used by p@1 (it has no variables)");
  }

  @Test
  void referencesNameAVersionALabelOrTheDefault() {
    assertThat(PromptRef.parse("triage")).isEqualTo(new PromptRef("triage", null, null));
    assertThat(PromptRef.parse("triage@3")).isEqualTo(new PromptRef("triage", 3, null));
    assertThat(PromptRef.parse("triage@production")).isEqualTo(new PromptRef("triage", null, "production"));
    assertThat(PromptRef.parse("triage@latest").label()).isEqualTo("latest");
    assertThat(PromptRef.parse("triage@3").toString()).isEqualTo("triage@3");
    for (String bad : new String[] {"", "Triage", "triage@", "triage@0", "triage@Prod", "a b", "triage@x@y"}) {
      assertThatThrownBy(() -> PromptRef.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
