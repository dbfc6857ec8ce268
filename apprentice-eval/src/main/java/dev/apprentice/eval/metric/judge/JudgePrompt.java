package dev.apprentice.eval.metric.judge;

import dev.apprentice.api.Message;
import dev.apprentice.eval.metric.EvalCase;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The messages a judge gets: the rubric as the system message, and the question, reference and answer to grade. A
 * rubric that mentions {@code {{output}}} is the whole user message itself, with {@code {{input}}},
 * {@code {{reference}}} and {@code {{output}}} filled in (in one pass: a placeholder inside the question, reference
 * or answer stays as it is).
 */
public record JudgePrompt(String rubric) {

  /** The rubric's placeholders, filled in one pass so that text filled in is never read for placeholders again. */
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(input|reference|output)}}");

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
      Matcher m = PLACEHOLDER.matcher(rubric);
      StringBuilder prompt = new StringBuilder(rubric.length() + item.output().length() + 256);
      while (m.find()) {
        String value = switch (m.group(1)) {
          case "input" -> item.input();
          case "reference" -> reference;
          default -> item.output();
        };
        m.appendReplacement(prompt, Matcher.quoteReplacement(value));
      }
      m.appendTail(prompt);
      return List.of(Message.user(prompt.toString()));
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
