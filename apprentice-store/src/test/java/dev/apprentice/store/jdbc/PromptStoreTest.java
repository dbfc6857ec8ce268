package dev.apprentice.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.Message;
import dev.apprentice.api.prompt.PromptRef;
import dev.apprentice.api.prompt.PromptVersion;
import dev.apprentice.store.PromptStore;
import dev.apprentice.store.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptStoreTest {

  private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");
  private static final List<Message> V1 = List.of(Message.system("Triage for {{product}}."), Message.user("{{question}}"));
  private static final List<Message> V2 = List.of(Message.system("Triage tickets for {{product}}; one word."),
      Message.user("{{question}}"));

  @TempDir Path dir;
  private Store store;
  private PromptStore prompts;

  @BeforeEach
  void open() {
    store = Store.open("jdbc:sqlite:" + dir.resolve("apprentice.db"));
    prompts = store.prompts();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private PromptStore.Pushed push(List<Message> messages, Map<String, Object> parameters, String... labels) {
    return prompts.push("triage", messages, "sim-echo", parameters, List.of(labels), AT);
  }

  @Test
  void versionsAreNumberedInOrderAndAnOlderVersionNeverChanges() {
    PromptVersion first = push(V1, Map.of("temperature", 0.2)).version();
    PromptVersion second = push(V2, Map.of("temperature", 0.2, "max_tokens", 5)).version();

    assertThat(first.version()).isEqualTo(1);
    assertThat(second.version()).isEqualTo(2);
    assertThat(prompts.version("triage", 1)).contains(first);
    assertThat(prompts.version("triage", 1).orElseThrow().messages()).isEqualTo(V1);
    assertThat(prompts.version("triage", 2).orElseThrow().parameters()).containsEntry("max_tokens", 5);
    assertThat(prompts.latest("triage")).contains(second);
    assertThat(prompts.versions("triage")).extracting(PromptVersion::version).containsExactly(1, 2);
    assertThat(prompts.version("triage", 3)).isEmpty();
    assertThat(prompts.latest("other")).isEmpty();
  }

  @Test
  void pushingTheSameContentAgainMakesNoNewVersion() {
    push(V1, Map.of("temperature", 0.2, "max_tokens", 5));

    PromptStore.Pushed again = push(V1, Map.of("max_tokens", 5, "temperature", 0.2));

    assertThat(again.created()).isFalse();
    assertThat(again.version().version()).isEqualTo(1);
    assertThat(push(V1, Map.of("temperature", 0.3)).created()).isTrue();
    assertThat(prompts.push("triage", V1, "other-model", Map.of("temperature", 0.3), List.of(), AT).version().version())
        .isEqualTo(3);
  }

  @Test
  void labelsMoveBetweenVersionsAndSayWhereTheyPointedBefore() {
    push(V1, Map.of(), "production");
    push(V2, Map.of(), "staging");

    assertThat(prompts.labels("triage")).containsExactly(Map.entry("production", 1), Map.entry("staging", 2));
    assertThat(prompts.label("triage", "production", 2, AT.plusSeconds(60))).contains(1);
    assertThat(prompts.label("triage", "canary", 1, AT)).isEmpty();
    assertThat(prompts.labels("triage")).containsEntry("production", 2).containsEntry("canary", 1);
    assertThatThrownBy(() -> prompts.label("triage", "production", 7, AT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no version 7");
    assertThat(prompts.labels("triage")).containsEntry("production", 2);
  }

  @Test
  void aBareNameMeansTheProductionLabelElseTheLatestVersion() {
    push(V1, Map.of());
    push(V2, Map.of());
    assertThat(prompts.resolve(PromptRef.parse("triage")).orElseThrow().version()).isEqualTo(2);

    prompts.label("triage", "production", 1, AT);

    assertThat(prompts.resolve(PromptRef.parse("triage")).orElseThrow().version()).isEqualTo(1);
    assertThat(prompts.resolve(PromptRef.parse("triage@latest")).orElseThrow().version()).isEqualTo(2);
    assertThat(prompts.resolve(PromptRef.parse("triage@production")).orElseThrow().version()).isEqualTo(1);
    assertThat(prompts.resolve(PromptRef.parse("triage@2")).orElseThrow().version()).isEqualTo(2);
    assertThat(prompts.resolve(PromptRef.parse("triage@staging"))).isEmpty();
    assertThat(prompts.resolve(PromptRef.parse("triage@9"))).isEmpty();
    assertThat(prompts.resolve(PromptRef.parse("nope"))).isEmpty();
  }

  @Test
  void theListShowsEachPromptsNewestVersionAndItsLabels() {
    push(V1, Map.of(), "production");
    push(V2, Map.of());
    prompts.push("summarize", List.of(Message.user("Summarize: {{text}}")), null, Map.of(), List.of(), AT);

    assertThat(prompts.list()).satisfiesExactly(
        s -> {
          assertThat(s.name()).isEqualTo("summarize");
          assertThat(s.latestVersion()).isEqualTo(1);
          assertThat(s.model()).isNull();
          assertThat(s.labels()).isEmpty();
        },
        s -> {
          assertThat(s.name()).isEqualTo("triage");
          assertThat(s.latestVersion()).isEqualTo(2);
          assertThat(s.model()).isEqualTo("sim-echo");
          assertThat(s.labels()).containsExactly(Map.entry("production", 1));
        });
  }

  @Test
  void theListGivesAPromptsLabelsInOrderOfTheirNamesAsShowingThePromptDoes() {
    List<String> labels = List.of("alpha", "beta", "canary", "delta", "edge", "fallback", "gamma", "production",
        "shadow", "staging");
    push(V1, Map.of(), labels.reversed().toArray(String[]::new));

    assertThat(prompts.list().getFirst().labels().keySet()).containsExactlyElementsOf(labels);
    assertThat(prompts.labels("triage").keySet()).containsExactlyElementsOf(labels);
  }
}
