package dev.apprentice.api.prompt;

import dev.apprentice.api.Message;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One immutable version of a registered prompt.
 *
 * @param name       the prompt's name
 * @param version    1, 2, 3... in the order they were pushed
 * @param messages   the chat messages, whose text may hold {@code {{variable}}} placeholders ({@link PromptTemplate})
 * @param model      the model alias a call with this prompt is routed to; null when the version names none
 * @param parameters request fields applied when the caller does not set them ({@code temperature},
 *                   {@code max_tokens}, ...), as plain JSON values
 * @param createdAt  when the version was pushed
 */
public record PromptVersion(String name, int version, List<Message> messages, String model,
    Map<String, Object> parameters, Instant createdAt) {

  public PromptVersion {
    Objects.requireNonNull(name, "name");
    messages = List.copyOf(messages);
    parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** {@code name@version}, as traces record it. */
  public String id() {
    return name + "@" + version;
  }

  /** The variables the messages use, in order of first use. */
  public List<String> variables() {
    return PromptTemplate.variables(messages);
  }

  /** The messages with the variables substituted ({@link PromptTemplate#render}). */
  public List<Message> render(Map<String, String> values) {
    return PromptTemplate.render(messages, values, id());
  }
}
