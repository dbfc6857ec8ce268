package dev.apprentice.eval.metric.judge;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Message;
import dev.apprentice.eval.client.ChatClient;
import dev.apprentice.eval.client.ChatFailure;
import dev.apprentice.eval.client.Completion;
import dev.apprentice.eval.metric.CaseMetric;
import dev.apprentice.eval.metric.EvalCase;
import dev.apprentice.eval.metric.Measurement;
import dev.apprentice.eval.metric.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * {@code llm_judge}: a judge model grades the answer against a rubric, {@code samples} times; the item's value is the
 * mean of the parsed scores mapped to 0-1 ({@code (score - min) / (max - min)}). Failed judge calls (statistic
 * {@code failed}, the note naming the first failure) and answers without a score in range (statistic
 * {@code unparsed}) are counted apart, out of {@code samples}, and left out; an item with no parsed sample is
 * unscored. Every judge call goes through the same {@link ChatClient} as the run, tagged {@code judge}, and its cost
 * and tokens are reported with the measurement.
 */
public final class LlmJudge implements CaseMetric {

  /** The settings {@code llm_judge} reads. */
  public static final Set<String> SETTING_NAMES = Set.of("model", "rubric", "samples", "min", "max", "temperature",
      "max_tokens");

  private static final String SAMPLES = "samples";
  private static final String FAILED = "failed";

  private final ChatClient client;
  private final String model;
  private final JudgePrompt prompt;
  private final int samples;
  private final JudgeScores scores;
  private final Double temperature;
  private final Integer maxTokens;

  public LlmJudge(ChatClient client, String model, JudgePrompt prompt, int samples, JudgeScores scores,
      Double temperature, Integer maxTokens) {
    if (samples < 1) throw new IllegalArgumentException("setting samples must be at least 1");
    this.client = client;
    this.model = model;
    this.prompt = prompt;
    this.samples = samples;
    this.scores = scores;
    this.temperature = temperature;
    this.maxTokens = maxTokens;
  }

  /** True for a judge's measurement of an item none of whose judge calls answered (each failed: see the note). */
  public static boolean everyCallFailed(Measurement m) {
    double samples = m.statistics().getOrDefault(SAMPLES, 0.0);
    return samples > 0 && m.statistics().getOrDefault(FAILED, 0.0) >= samples;
  }

  public static LlmJudge from(ChatClient client, Settings s) {
    String model = s.string("model", null);
    if (model == null) throw new IllegalArgumentException("llm_judge needs the setting model (the judge's model alias)");
    JudgeScores scores = new JudgeScores(s.decimal("min", 1), s.decimal("max", 5));
    return new LlmJudge(client, model, JudgePrompt.of(s.string("rubric", null), scores), s.integer("samples", 1),
        scores, s.decimalOrNull("temperature"), s.has("max_tokens") ? s.integer("max_tokens", 0) : null);
  }

  @Override
  public String name() {
    return "llm_judge";
  }

  @Override
  public Measurement measure(EvalCase item) {
    List<Message> messages = prompt.messages(item);
    List<String> tags = new ArrayList<>(item.tags());
    tags.add("judge");
    double sum = 0;
    int parsed = 0;
    int answered = 0;
    double cost = 0;
    long tokens = 0;
    String failure = null;
    for (int i = 0; i < samples; i++) {
      ChatRequest request = ChatRequest.builder().model(model).messages(messages).stream(false)
          .temperature(temperature).maxTokens(maxTokens).seed(samples > 1 ? (long) i : null).build();
      try {
        Completion answer = client.complete(request, tags);
        answered++;
        cost += answer.costUsd();
        tokens += answer.inputTokens() + answer.outputTokens();
        OptionalDouble score = scores.parse(answer.text());
        if (score.isPresent()) {
          sum += scores.normalize(score.getAsDouble());
          parsed++;
        }
      } catch (ChatFailure e) {
        if (failure == null) failure = (e.code() == null ? "" : e.code() + ": ") + e.getMessage();
      }
    }
    int failed = samples - answered;
    int unparsed = answered - parsed;
    Map<String, Double> counts = Map.of(SAMPLES, (double) samples, FAILED, (double) failed, "unparsed",
        (double) unparsed);
    List<String> notes = new ArrayList<>(2);
    if (failed > 0) notes.add(failed + " of " + samples + " judge calls failed (" + failure + ")");
    if (unparsed > 0) notes.add(unparsed + " of " + answered + " judge answers unparsed");
    String note = notes.isEmpty() ? null : String.join("; ", notes);
    return new Measurement(parsed == 0 ? Double.NaN : sum / parsed, counts, cost, tokens, note);
  }
}
