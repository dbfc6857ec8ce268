package dev.apprentice.eval.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Content;
import dev.apprentice.api.Message;
import dev.apprentice.eval.dataset.EvalItem;
import dev.apprentice.eval.dataset.FieldText;
import dev.apprentice.eval.suite.VariantSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a variant's request for an item: its messages with {@code {{input}}} and {@code {{column}}} (dotted paths
 * into JSON rows) filled in — text as it is, numbers, lists and objects as compact JSON — and its parameters as
 * request fields. Never streamed.
 */
public final class PromptRenderer {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.\\-]+)\\s*}}");
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private PromptRenderer() {}

  /** The request; throws {@link IllegalArgumentException} for a placeholder the item has no value for. */
  public static ChatRequest request(VariantSpec variant, EvalItem item) {
    if (Boolean.TRUE.equals(variant.parameters().get("stream"))) {
      throw new IllegalArgumentException("variant " + variant.name() + ": evaluation calls are not streamed");
    }
    ChatRequest base;
    try {
      base = JSON.convertValue(variant.parameters(), ChatRequest.class);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("variant " + variant.name() + ": bad parameters: " + e.getMessage());
    }
    List<Message> messages = new ArrayList<>(variant.messages().size());
    for (VariantSpec.MessageTemplate m : variant.messages()) {
      messages.add(new Message(m.role(), Content.text(fill(m.content(), item, variant.name())), null, null, null,
          null, null));
    }
    return base.withModel(variant.model()).withMessages(messages);
  }

  /**
   * Checks that the item has a value for every placeholder of the variant's messages, without making the request:
   * the runner checks every item this way before its first call.
   */
  public static void check(VariantSpec variant, EvalItem item) {
    for (VariantSpec.MessageTemplate m : variant.messages()) {
      Matcher placeholders = PLACEHOLDER.matcher(m.content());
      while (placeholders.find()) value(placeholders.group(1), item, variant.name());
    }
  }

  /** The template with every placeholder replaced by the item's value. */
  static String fill(String template, EvalItem item, String variant) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder(template.length() + 64);
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(FieldText.of(value(m.group(1), item, variant))));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static Object value(String name, EvalItem item, String variant) {
    Object value = name.equals("input") ? item.input() : lookup(item.fields(), name);
    if (value == null) {
      throw new IllegalArgumentException("variant " + variant + ": item " + item.index() + " has no value for {{"
          + name + "}}");
    }
    return value;
  }

  private static Object lookup(Map<String, Object> fields, String path) {
    if (fields.containsKey(path)) return fields.get(path);
    Object node = fields;
    for (String part : path.split("\\.")) {
      if (!(node instanceof Map<?, ?> map)) return null;
      node = map.get(part);
    }
    return node;
  }
}
