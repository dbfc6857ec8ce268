package dev.apprentice.eval.suite;

import java.util.List;
import java.util.Map;

/**
 * One way of answering the dataset: a model alias, the messages sent for each item ({@code {{input}}} and
 * {@code {{column}}} filled in), and request parameters ({@code temperature}, {@code max_tokens}, {@code seed},
 * {@code response_format}, ... any OpenAI request field).
 */
public record VariantSpec(String name, String model, List<MessageTemplate> messages, Map<String, Object> parameters) {

  public VariantSpec {
    messages = List.copyOf(messages);
    parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
  }

  /** One message of a variant's prompt, with {@code {{placeholders}}}. */
  public record MessageTemplate(String role, String content) {}
}
