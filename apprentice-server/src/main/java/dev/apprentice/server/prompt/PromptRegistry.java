package dev.apprentice.server.prompt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.prompt.PromptRef;
import dev.apprentice.api.prompt.PromptVersion;
import dev.apprentice.store.PromptStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The prompt registry as the server uses it: resolves references with errors that say what exists, and keeps
 * resolutions for the chat path a moment ({@value #CACHE_SECONDS} s), so a prompt call reads no database on the hot
 * path. Changes made through this server are seen at once; changes made by another process (the CLI on the data
 * directory) within the cache time.
 */
public final class PromptRegistry {

  static final int CACHE_SECONDS = 2;

  private final PromptStore store;
  private final Cache<String, Resolved> resolved = Caffeine.newBuilder()
      .expireAfterWrite(Duration.ofSeconds(CACHE_SECONDS)).maximumSize(10_000).build();
  /** Counts {@link #changed} calls: a resolution read before the latest change is not served after it. */
  private final AtomicLong generation = new AtomicLong();

  /** A resolution and the generation it was read in. */
  private record Resolved(PromptVersion version, long generation) {}

  public PromptRegistry(PromptStore store) {
    this.store = store;
  }

  public PromptStore store() {
    return store;
  }

  /** The version a chat request's {@code prompt:} model means (cached); 404 {@code model_not_found} when none. */
  public PromptVersion resolve(PromptRef ref) {
    long now = generation.get();
    Resolved cached = resolved.getIfPresent(ref.toString());
    if (cached != null && cached.generation() == now) return cached.version();
    // a push or label move that lands while this reads makes the generation move on, so the (possibly older) version
    // read here is never served to a call that starts after that change returned
    PromptVersion found = lookup(ref, ErrorCode.MODEL_NOT_FOUND, "model");
    resolved.put(ref.toString(), new Resolved(found, now));
    return found;
  }

  /** The version a reference means, read now; a GatewayException with {@code code} saying what exists when none. */
  public PromptVersion lookup(PromptRef ref, ErrorCode code, String param) {
    Optional<PromptVersion> found = store.resolve(ref);
    if (found.isPresent()) return found.get();
    Optional<PromptVersion> latest = store.latest(ref.name());
    if (latest.isEmpty()) {
      throw new GatewayException(code, "no prompt named '" + ref.name() + "' in the registry (push one with: "
          + "apprentice prompts push " + ref.name() + " --file prompt.yaml)", param, null);
    }
    if (ref.version() != null) {
      throw new GatewayException(code, "prompt '" + ref.name() + "' has no version " + ref.version() + " (the latest is "
          + latest.get().version() + ")", param, null);
    }
    Map<String, Integer> labels = store.labels(ref.name());
    throw new GatewayException(code, "prompt '" + ref.name() + "' has no label '" + ref.label() + "' ("
        + (labels.isEmpty() ? "it has no labels" : "labels: " + describe(labels)) + ")", param, null);
  }

  /** Forgets cached resolutions: call after a push or a label move. */
  public void changed() {
    generation.incrementAndGet();
    resolved.invalidateAll();
  }

  static String describe(Map<String, Integer> labels) {
    return labels.entrySet().stream().map(e -> e.getKey() + " -> " + e.getValue()).collect(Collectors.joining(", "));
  }
}
