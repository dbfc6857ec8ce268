package dev.apprentice.eval.metric.judge;

import dev.apprentice.api.Message;
import dev.apprentice.eval.metric.EvalCase;
import java.util.List;
import java.util.Locale;

/**
 * The messages a judge gets: the rubric as the system message, and the question, reference and answer to grade. A
 * rubric that mentions {@code {{output}}} is the whole user message itself, with {@code {{input}}},
 * {@code {{reference}}} and {@code {{output}}} filled in.
 */
public record JudgePrompt(String rubric) {

  static final String DEFAULT_RUBRIC = "You grade answers for correctness and helpfulness. Compare the answer with "
      + "the reference answer when one is given.";

  public static JudgePrompt of(String rubric, JudgeScores scores) {
    String base = rubric == null || rubric.isBlank() ? DEFAULT_RUBRIC : rubric;
    if (base.contains("{{output}}")) return new JudgePrompt(base);
    return new JudgePrompt(base + String.format(Locale.ROOT,
        "%nReply with one line 'Score: N', where N is a whole number from %s (worst) to %s (best).",
        plain(scores.min()), plain(scores.max())));
  }

  public List<Message> messages(EvalCase item) {
    String reference = item.references().isEmpty() ? "" : item.references().getFirst();
    if (rubric.contains("{{output}}")) {
      return List.of(Message.user(rubric.replace("{{input}}", item.input()).replace("{{reference}}", reference)
          .replace("{{output}}", item.output())));
    }
    StringBuilder user = new StringBuilder();
    if (!item.input().isEmpty()) user.append("Question:\n").append(item.input()).append("\n\n");
    if (!reference.isEmpty()) user.append("Reference answer:\n").append(reference).append("\n\n");
    user.append("Answer to grade:\n").append(item.output());
    return List.of(Message.system(rubric), Message.user(user.toString()));
  }

  private static String plain(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }
}
