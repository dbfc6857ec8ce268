package dev.apprentice.server.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.Message;
import dev.apprentice.api.prompt.PromptRef;
import dev.apprentice.api.prompt.PromptVersion;
import dev.apprentice.store.PromptStore;
import dev.apprentice.store.PromptSummary;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The registry's short cache of resolutions, against a label that moves while a call resolves it. */
class PromptRegistryTest {

  private static final Instant AT = Instant.parse("2026-11-25T08:00:00Z");

  /**
   * Two versions of {@code triage} and a {@code production} label; {@code duringRead}, when set, runs once in the
   * middle of the next label read, after the labels were read: a change landing while a call resolves.
   */
  private static final class TwoVersions implements PromptStore {
    final Map<String, Integer> labels = new LinkedHashMap<>(Map.of("production", 1));
    Runnable duringRead;

    @Override
    public Optional<PromptVersion> version(String name, int version) {
      if (!name.equals("triage") || version < 1 || version > 2) return Optional.empty();
      return Optional.of(new PromptVersion(name, version, List.of(Message.user("v" + version)), "alpha", Map.of(), AT));
    }

    @Override
    public Optional<PromptVersion> latest(String name) {
      return version(name, 2);
    }

    @Override
    public Map<String, Integer> labels(String name) {
      Map<String, Integer> read = Map.copyOf(labels);
      Runnable meanwhile = duringRead;
      duringRead = null;
      if (meanwhile != null) meanwhile.run();
      return read;
    }

    @Override
    public Pushed push(String name, List<Message> messages, String model, Map<String, Object> parameters,
        List<String> labels, Instant at) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<PromptVersion> versions(String name) {
      return List.of(version(name, 1).orElseThrow(), version(name, 2).orElseThrow());
    }

    @Override
    public List<PromptSummary> list() {
      return List.of();
    }

    @Override
    public Optional<Integer> label(String name, String label, int version, Instant at) {
      return Optional.ofNullable(labels.put(label, version));
    }
  }

  @Test
  void aLabelMovedThroughTheServerIsSeenAtOnce() {
    TwoVersions store = new TwoVersions();
    PromptRegistry registry = new PromptRegistry(store);
    assertThat(registry.resolve(PromptRef.parse("triage")).version()).isEqualTo(1);

    store.label("triage", "production", 2, AT);
    registry.changed();

    assertThat(registry.resolve(PromptRef.parse("triage")).version()).isEqualTo(2);
  }

  @Test
  void aLabelMovedWhileACallResolvesItIsSeenByTheNextCallRatherThanHiddenByTheOlderVersionItRead() {
    TwoVersions store = new TwoVersions();
    PromptRegistry registry = new PromptRegistry(store);
    store.duringRead = () -> {
      store.label("triage", "production", 2, AT);
      registry.changed();
    };

    assertThat(registry.resolve(PromptRef.parse("triage")).version()).as("read before the move").isEqualTo(1);

    assertThat(registry.resolve(PromptRef.parse("triage")).version()).isEqualTo(2);
  }
}
