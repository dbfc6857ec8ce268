package dev.apprentice.api.prompt;

import dev.apprentice.api.Content;
import dev.apprentice.api.ContentPart;
import dev.apprentice.api.Message;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The template language of prompts. A placeholder is {@code {{name}}} (spaces inside the braces allowed), where a
 * name is a letter or {@code _} followed by letters, digits, {@code _}, {@code .} or {@code -}. A literal {@code {{}
 * is written {@code \{{}; a backslash anywhere else is an ordinary character. Placeholders may appear in the text of
 * any message (plain content or text parts); roles, names and other parts are left as they are. Rendering is
 * strict: every variable the prompt uses must be given, and every variable given must be used (a typo fails loudly
 * instead of silently rendering an empty slot).
 */
public final class PromptTemplate {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

  private PromptTemplate() {}

  /**
   * The variables the messages use, in order of first use.
   *
   * @throws PromptException naming {@code messages[i].content} for a malformed placeholder
   */
  public static List<String> variables(List<Message> messages) {
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < messages.size(); i++) {
      String path = "messages[" + i + "].content";
      for (String text : texts(messages.get(i))) walk(text, path, literal -> {}, names::add);
    }
    return List.copyOf(names);
  }

  /**
   * The messages with every placeholder replaced by its value.
   *
   * @param prompt how errors name the prompt ({@code support-triage@3})
   * @throws PromptException naming {@code variables.x} for a missing or unused variable
   */
  public static List<Message> render(List<Message> messages, Map<String, String> values, String prompt) {
    List<String> used = variables(messages);
    for (String name : used) {
      if (!values.containsKey(name) || values.get(name) == null) {
        throw new PromptException("variables." + name, "variables." + name + " is missing: " + prompt + " uses "
            + String.join(", ", used));
      }
    }
    for (String name : values.keySet()) {
      if (!used.contains(name)) {
        throw new PromptException("variables." + name, "variables." + name + " is not used by " + prompt
            + (used.isEmpty() ? " (it has no variables)" : " (it uses " + String.join(", ", used) + ")"));
      }
    }
    List<Message> out = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) out.add(render(messages.get(i), values, "messages[" + i + "].content"));
    return List.copyOf(out);
  }

  private static Message render(Message m, Map<String, String> values, String path) {
    if (m.content() == null) return m;
    Content content;
    if (m.content().isText()) {
      content = Content.text(fill(m.content().text(), values, path));
    } else {
      List<ContentPart> parts = new ArrayList<>();
      for (ContentPart p : m.content().parts()) {
        parts.add(p.text() == null ? p : new ContentPart(p.type(), fill(p.text(), values, path), p.imageUrl(), p.extra()));
      }
      content = Content.parts(parts);
    }
    return new Message(m.role(), content, m.name(), m.toolCalls(), m.toolCallId(), m.refusal(), m.extra());
  }

  private static String fill(String text, Map<String, String> values, String path) {
    if (text == null) return null;
    StringBuilder out = new StringBuilder(text.length() + 64);
    walk(text, path, out::append, name -> out.append(values.get(name)));
    return out.toString();
  }

  private static List<String> texts(Message m) {
    if (m.content() == null) return List.of();
    if (m.content().isText()) return m.content().text() == null ? List.of() : List.of(m.content().text());
    return m.content().parts().stream().map(ContentPart::text).filter(t -> t != null).toList();
  }

  /** Splits a text into literal runs and placeholders. */
  private static void walk(String text, String path, Consumer<String> literal, Consumer<String> variable) {
    int i = 0;
    int run = 0;
    while (i < text.length()) {
      if (text.startsWith("\\{{", i)) {
        literal.accept(text.substring(run, i));
        literal.accept("{{");
        i += 3;
        run = i;
      } else if (text.startsWith("{{", i)) {
        int close = text.indexOf("}}", i + 2);
        if (close < 0) {
          throw new PromptException(path, path + ": '{{' at character " + i + " is never closed with '}}'"
              + " (write a literal '{{' as '\\{{')");
        }
        String name = text.substring(i + 2, close).strip();
        if (!NAME.matcher(name).matches()) {
          throw new PromptException(path, path + ": '{{" + text.substring(i + 2, close) + "}}' is not a variable name"
              + " (a letter or _, then letters, digits, _ . -; write a literal '{{' as '\\{{')");
        }
        literal.accept(text.substring(run, i));
        variable.accept(name);
        i = close + 2;
        run = i;
      } else {
        i++;
      }
    }
    literal.accept(text.substring(run));
  }
}
