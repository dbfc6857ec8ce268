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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a variant's request for an item: its messages with {@code {{input}}} and {@code {{column}}} (dotted paths
 * into JSON rows) filled in — text as it is, numbers, lists and objects as compact JSON — and its parameters as
 * request fields. The texts inside {@code parameters.variables} (what a {@code prompt:NAME} model's registered prompt
 * is rendered with) are filled in the same way, per item. Never streamed.
 */
public final class PromptRenderer {

  /** The request field a {@code prompt:NAME} call's variables travel in. */
  private static final String VARIABLES = "variables";
  /**
   * {@code {{name}}}, spaces around the name allowed; a name is words of letters (any script), digits, {@code _},
   * {@code .} and {@code -}, with spaces between them, so that a column such as {@code región} or {@code customer name}
   * is filled in (or refused when the item lacks it) rather than sent to the model as it is written.
   */
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{\\{\\s*([\\p{L}\\p{N}_.\\-]+(?: +[\\p{L}\\p{N}_.\\-]+)*)\\s*}}");
  /** Reads parameters as the server reads a request's fields: a fraction is no token count (1.5 is not cut to 1). */
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);

  private PromptRenderer() {}

  /** The request; throws {@link IllegalArgumentException} for a placeholder the item has no value for. */
  public static ChatRequest request(VariantSpec variant, EvalItem item) {
    if (Boolean.TRUE.equals(variant.parameters().get("stream"))) {
      throw new IllegalArgumentException("variant " + variant.name() + ": evaluation calls are not streamed");
    }
    Map<String, Object> parameters = variant.parameters();
    if (parameters.get(VARIABLES) != null) {
      parameters = new LinkedHashMap<>(parameters);
      parameters.put(VARIABLES, filled(parameters.get(VARIABLES), item, variant.name()));
    }
    ChatRequest base;
    try {
      base = JSON.convertValue(parameters, ChatRequest.class);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("variant " + variant.name() + ": bad parameters: " + ParameterErrors.describe(e));
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
    for (VariantSpec.MessageTemplate m : variant.messages()) check(m.content(), item, variant.name());
    Object variables = variant.parameters().get(VARIABLES);
    if (variables != null) filled(variables, item, variant.name());
  }

  private static void check(String template, EvalItem item, String variant) {
    Matcher placeholders = PLACEHOLDER.matcher(template);
    while (placeholders.find()) value(placeholders.group(1), item, variant);
  }

  /** A value of {@code parameters.variables} with the placeholders of every text in it filled in (lists, maps too). */
  private static Object filled(Object value, EvalItem item, String variant) {
    if (value instanceof String text) return fill(text, item, variant);
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, filled(v, item, variant)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object v : list) out.add(filled(v, item, variant));
      return out;
    }
    return value;
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
