package dev.apprentice.guard.output;

import dev.apprentice.api.ChatResponse;
import java.util.List;

/**
 * The choices of an answer the model refused: finish reason {@code content_filter} (OpenAI's, and Anthropic's
 * {@code stop_reason: refusal} as the anthropic provider maps it) or a {@code refusal} in the message. A refusal is an
 * answer, not malformed output: it is neither judged against a JSON schema nor asked for again.
 */
public final class Refusals {

  /** The finish reason of an answer the upstream's safety checks cut or the model refused. */
  public static final String CONTENT_FILTER = "content_filter";
  /** The type a schema check counts refused choices under, in its verdict's findings. */
  public static final String REFUSAL = "REFUSAL";

  private Refusals() {}

  /** True when the model refused this choice. */
  public static boolean refused(ChatResponse.Choice choice) {
    if (CONTENT_FILTER.equals(choice.finishReason())) return true;
    return choice.message() != null && choice.message().refusal() != null && !choice.message().refusal().isEmpty();
  }

  /** How many of the answer's choices the model refused. */
  public static int count(ChatResponse answer) {
    if (answer.choices() == null) return 0;
    return (int) answer.choices().stream().filter(Refusals::refused).count();
  }

  /**
   * The content of each choice the model did not refuse and that has one (a choice that only calls tools has none),
   * in order: what a check of the answer's shape judges.
   */
  public static List<String> answeredContents(ChatResponse answer) {
    if (answer.choices() == null) return List.of();
    return answer.choices().stream().filter(c -> !refused(c))
        .filter(c -> c.message() != null && c.message().content() != null).map(c -> c.message().text()).toList();
  }
}
