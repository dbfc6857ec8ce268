package dev.apprentice.guard.chat;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.Content;
import dev.apprentice.api.ContentPart;
import dev.apprentice.api.Message;
import dev.apprentice.api.ToolCall;
import dev.apprentice.guard.Finding;
import dev.apprentice.guard.Origin;
import dev.apprentice.guard.redact.RedactionSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The texts of a chat request or answer that guardrails read, in a fixed order: per message, its content (the
 * string, or each text part), its refusal, the arguments of each tool call (JSON), its {@code name} and the arguments
 * of a legacy {@code function_call}; then the request's {@code prediction} content, its {@code user} and every string
 * of its {@code metadata} ({@link Origin#METADATA}). Role does not matter: system, user, assistant and tool results
 * are all read. {@link #replace} writes texts back in the same order.
 */
public final class ChatTexts {

  /**
   * One text as scanners read it, where it came from (a tool result's text is {@link Origin#TOOL_RESULT}), and for
   * tool-call arguments their JSON: {@link #value} then has every string decoded, and offsets of findings are in it.
   */
  public static final class Text {
    private final String value;
    private final Origin origin;
    private final Field field;
    private final JsonArguments arguments;

    private Text(String value, Origin origin, Field field, JsonArguments arguments) {
      this.value = value;
      this.origin = origin;
      this.field = field;
      this.arguments = arguments;
    }

    static Text of(String written, Field field, Origin origin) {
      if (field != Field.ARGUMENTS) return new Text(written, origin, field, null);
      JsonArguments arguments = JsonArguments.of(written);
      return new Text(arguments.view(), origin, field, arguments);
    }

    /** What scanners read: the text, or tool-call arguments with their strings decoded. */
    public String value() {
      return value;
    }

    public Origin origin() {
      return origin;
    }

    /** True for tool-call arguments (JSON). */
    public boolean json() {
      return arguments != null;
    }

    /** The text as the request or answer holds it (for arguments, the JSON as written). */
    public String written() {
      return arguments == null ? value : arguments.raw();
    }

    /**
     * The written text with {@code findings} (offsets in {@link #value}) replaced by the session's placeholders;
     * tool-call arguments stay JSON, each value replaced inside its string.
     */
    public String redact(RedactionSession session, List<Finding> findings) {
      return arguments == null ? session.redact(value, findings).text() : arguments.redact(session, findings);
    }

    /**
     * The written text with the session's placeholders put back, escaped for JSON inside tool-call arguments and,
     * when {@code jsonContent}, inside a message's content (an answer asked to be JSON: a restored value with a
     * quote or a line break must not break it).
     */
    public String restore(RedactionSession session, boolean jsonContent) {
      if (arguments != null) return session.restoreInJson(arguments.raw());
      return jsonContent && field == Field.CONTENT ? session.restoreInJson(value) : session.restore(value);
    }
  }

  private ChatTexts() {}

  /** Every text of the request: its messages', then those of its other fields. */
  public static List<Text> of(ChatRequest request) {
    List<Text> texts = new ArrayList<>();
    if (request.messages() != null) {
      for (Message m : request.messages()) walk(m, new Collect(texts, Origin.ofRole(m.role())));
    }
    RequestFields.walk(request, new Collect(texts, Origin.PROMPT), new Collect(texts, Origin.METADATA));
    return texts;
  }

  /** The request with its texts replaced, {@code replacements} in the order of {@link #of(ChatRequest)}. */
  public static ChatRequest replace(ChatRequest request, List<String> replacements) {
    Replace replace = new Replace(replacements);
    ChatRequest replaced = request;
    if (request.messages() != null) {
      List<Message> messages = new ArrayList<>(request.messages().size());
      for (Message m : request.messages()) messages.add(walk(m, replace));
      replaced = request.withMessages(messages);
    }
    return RequestFields.walk(replaced, replace, replace);
  }

  /** Every text of the answer's choices. */
  public static List<Text> of(ChatResponse response) {
    List<Text> texts = new ArrayList<>();
    if (response.choices() != null) {
      for (ChatResponse.Choice c : response.choices()) {
        if (c.message() != null) walk(c.message(), new Collect(texts, Origin.PROMPT));
      }
    }
    return texts;
  }

  /** The answer with its texts replaced, in the order of {@link #of(ChatResponse)}. */
  public static ChatResponse replace(ChatResponse response, List<String> replacements) {
    if (response.choices() == null) return response;
    Replace replace = new Replace(replacements);
    List<ChatResponse.Choice> choices = new ArrayList<>(response.choices().size());
    for (ChatResponse.Choice c : response.choices()) {
      Message message = c.message() == null ? null : walk(c.message(), replace);
      choices.add(new ChatResponse.Choice(c.index(), message, c.finishReason(), c.logprobs(), c.extra()));
    }
    return new ChatResponse(response.id(), response.object(), response.created(), response.model(), choices,
        response.usage(), response.systemFingerprint(), response.extra());
  }

  /** The content of each choice that has one (a choice that only calls tools has none), for checks of its shape. */
  public static List<String> contents(ChatResponse response) {
    if (response.choices() == null) return List.of();
    return response.choices().stream().filter(c -> c.message() != null && c.message().content() != null)
        .map(c -> c.message().text()).toList();
  }

  /** All texts joined, for "did the caller send this value?" questions. */
  public static String joined(List<Text> texts) {
    StringBuilder all = new StringBuilder();
    for (Text t : texts) all.append(t.value()).append('\n');
    return all.toString();
  }

  /** What a text is: a message's content (a string or a text part), tool-call arguments (JSON), or another text. */
  enum Field { CONTENT, ARGUMENTS, OTHER }

  /** Reads or replaces one text. */
  interface Visit {
    String text(String value, Field field);
  }

  private static Message walk(Message m, Visit visit) {
    Content content = m.content();
    if (content != null && content.isText() && content.text() != null) {
      content = Content.text(visit.text(content.text(), Field.CONTENT));
    } else if (content != null && !content.isText()) {
      List<ContentPart> parts = new ArrayList<>(content.parts().size());
      for (ContentPart p : content.parts()) {
        parts.add(p.text() == null ? p : new ContentPart(p.type(), visit.text(p.text(), Field.CONTENT), p.imageUrl(), p.extra()));
      }
      content = Content.parts(parts);
    }
    String refusal = m.refusal() == null ? null : visit.text(m.refusal(), Field.OTHER);
    List<ToolCall> calls = m.toolCalls();
    if (calls != null) {
      calls = new ArrayList<>(calls.size());
      for (ToolCall call : m.toolCalls()) calls.add(walk(call, visit));
    }
    String name = m.name() == null ? null : visit.text(m.name(), Field.OTHER);
    return new Message(m.role(), content, name, calls, m.toolCallId(), refusal, legacyFunctionCall(m.extra(), visit));
  }

  /** The message's extra fields with the arguments of a legacy {@code function_call} visited (JSON). */
  private static Map<String, Object> legacyFunctionCall(Map<String, Object> extra, Visit visit) {
    if (!(extra.get("function_call") instanceof Map<?, ?> call) || !(call.get("arguments") instanceof String arguments)) {
      return extra;
    }
    Map<Object, Object> replacedCall = new LinkedHashMap<>(call);
    replacedCall.put("arguments", visit.text(arguments, Field.ARGUMENTS));
    Map<String, Object> replaced = new LinkedHashMap<>(extra);
    replaced.put("function_call", replacedCall);
    return replaced;
  }

  private static ToolCall walk(ToolCall call, Visit visit) {
    if (call.function() == null || call.function().arguments() == null) return call;
    return new ToolCall(call.index(), call.id(), call.type(),
        new ToolCall.FunctionCall(call.function().name(), visit.text(call.function().arguments(), Field.ARGUMENTS)));
  }

  private record Collect(List<Text> texts, Origin origin) implements Visit {
    @Override
    public String text(String value, Field field) {
      texts.add(Text.of(value, field, origin));
      return value;
    }
  }

  private static final class Replace implements Visit {
    private final List<String> replacements;
    private int next;

    Replace(List<String> replacements) {
      this.replacements = replacements;
    }

    @Override
    public String text(String value, Field field) {
      return replacements.get(next++);
    }
  }
}
