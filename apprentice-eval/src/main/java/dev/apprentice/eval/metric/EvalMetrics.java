package dev.apprentice.eval.metric;

import dev.apprentice.api.Embedder;
import dev.apprentice.eval.client.ChatClient;
import dev.apprentice.eval.metric.judge.LlmJudge;
import dev.apprentice.eval.metric.semantic.SemanticSimilarity;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The registry an evaluation run uses: {@link MetricRegistry#standard()} plus the metrics that need a model,
 * {@code semantic_similarity} (the embedding model, asked for on first use) and {@code llm_judge} (a chat client
 * through the gateway).
 */
public final class EvalMetrics {

  /** Metric names whose scale is 0-100 (sacreBLEU's convention); every other built-in metric is on 0-1. */
  private static final Set<String> PERCENT_SCALE = Set.of("bleu", "chrf", "ter", "exact_match", "squad_f1");
  /** Metric names where lower is better. */
  private static final Set<String> LOWER_IS_BETTER = Set.of("ter");

  private EvalMetrics() {}

  public static MetricRegistry registry(Supplier<Embedder> embedder, ChatClient judge) {
    MetricRegistry registry = MetricRegistry.standard();
    registry.register("semantic_similarity", MetricFactory.of(Set.of(), s -> new SemanticSimilarity(embedder)));
    registry.register("llm_judge", MetricFactory.of(LlmJudge.SETTING_NAMES, s -> LlmJudge.from(judge, s)));
    return registry;
  }

  /** The largest value of a built-in metric's usual range: 100 for sacreBLEU-style metrics, else 1. */
  public static double scaleOf(String metric) {
    return PERCENT_SCALE.contains(metric) ? 100 : 1;
  }

  /** False for metrics where a lower value is better (TER). */
  public static boolean higherIsBetter(String metric) {
    return !LOWER_IS_BETTER.contains(metric);
  }
}
