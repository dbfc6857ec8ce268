package dev.apprentice.guard.chat;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.Content;
import dev.apprentice.api.ContentPart;
import dev.apprentice.api.DataUrl;
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
 * string; of its parts, each text part, the text of each thinking part, each refusal part, the URL of each image
 * part that is not a {@code data:} URL, the {@code filename} of each file part and the decoded text of a text file's
 * {@code file_data}: {@link FileText}), its refusal, the arguments of
 * each tool call (JSON), its {@code name}, the arguments of a legacy {@code function_call}, its
 * {@code reasoning_content} (or {@code reasoning}) and the text of each of its {@code thinking_blocks}; then the
 * request's {@code prediction} content, its {@code user}, its {@code stop} strings and every string or number of its
 * {@code metadata} ({@link Origin#METADATA}). Role does not matter: system, user, assistant and tool results are all
 * read. {@link #replace} writes texts back in the same order. A message's text parts are read as one text
 * ({@link ScanUnit}), as the model reads them. A file's text is a text of its own, {@link Origin#ATTACHMENT} (but for a
 * system or developer message's, which is the operator's like the rest of that message).
 *
 * <p>A thinking block's text is {@linkplain Text#signed() signed}: the upstream's signature covers the text it
 * produced, and the block is only valid when sent back exactly so. It is scanned and redacted like any text, but never
 * restored: the caller gets it, and sends it back, in the placeholder form the upstream wrote. Its visible twin,
 * {@code reasoning_content}, is restored like content.
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
    private final FileText file;
    private final int parts;

    private Text(String value, Origin origin, Field field, JsonArguments arguments, FileText file, int parts) {
      this.value = value;
      this.origin = origin;
      this.field = field;
      this.arguments = arguments;
      this.file = file;
      this.parts = parts;
    }

    static Text of(String written, Field field, Origin origin, int parts) {
      if (field != Field.ARGUMENTS) return new Text(written, origin, field, null, null, parts);
      JsonArguments arguments = JsonArguments.of(written);
      return new Text(arguments.view(), origin, field, arguments, null, parts);
    }

    static Text of(FileText file, Origin origin) {
      return new Text(file.text(), origin, Field.FILE, null, file, -1);
    }

    /**
     * For a text part, the index (among all texts) of the first text part of the same message: the model reads a
     * message's text parts as one text. -1 for every other text.
     */
    int parts() {
      return parts;
    }

    /** True for the URL of an image part: its own address is the image, not a value (see {@link ScanUnit}). */
    boolean imageUrl() {
      return field == Field.IMAGE_URL;
    }

    /** What scanners read: the text, or tool-call arguments with their strings decoded. */
    public String value() {
      return value;
    }

    public Origin origin() {
      return origin;
    }

    /**
     * True for the text of a signed thinking block: it goes back to the upstream exactly as the upstream wrote it,
     * so it is never restored, and the placeholders in it are not reserved (they are the ones this call hands out
     * again to the same values: numbering follows the conversation, which a later turn repeats).
     */
    public boolean signed() {
      return field == Field.THINKING;
    }

    /**
     * True for the model's thinking ({@code reasoning_content}, {@code reasoning}, a thinking block's text): a stream
     * gives it out before the choice's answer.
     */
    public boolean thinking() {
      return field == Field.REASONING || field == Field.THINKING;
    }

    /** True for tool-call arguments (JSON). */
    public boolean json() {
      return arguments != null;
    }

    /** The text as the request or answer holds it (for arguments, the JSON as written; for a file, its data URL). */
    public String written() {
      if (file != null) return file.written();
      return arguments == null ? value : arguments.raw();
    }

    /**
     * The written text with {@code findings} (offsets in {@link #value}) replaced by the session's placeholders;
     * tool-call arguments stay JSON, each value replaced inside its string; a file's text is encoded again as its data
     * URL was.
     */
    public String redact(RedactionSession session, List<Finding> findings) {
      if (file != null) return file.with(session.redact(value, findings).text());
      return arguments == null ? session.redact(value, findings).text() : arguments.redact(session, findings);
    }

    /**
     * The written text with the session's placeholders put back, escaped for JSON inside tool-call arguments and,
     * when {@code jsonContent}, inside a message's content (an answer asked to be JSON: a restored value with a
     * quote or a line break must not break it).
     */
    public String restore(RedactionSession session, boolean jsonContent) {
      if (arguments != null) return session.restoreInJson(arguments.raw());
      if (file != null) return file.with(session.restore(value));
      if (signed()) return value;
      boolean content = field == Field.CONTENT || field == Field.PART;
      return jsonContent && content ? session.restoreInJson(value) : session.restore(value);
    }
  }

  private static final String REFUSAL = "refusal";
  private static final String FILENAME = "filename";

  private ChatTexts() {}

  /** Every text of the request: its messages', then those of its other fields. */
  public static List<Text> of(ChatRequest request) {
    return of(request, new AttachedFiles());
  }

  /** Every text of the request, its attached files read through {@code files}: the call's, decoded once. */
  public static List<Text> of(ChatRequest request, AttachedFiles files) {
    List<Text> texts = new ArrayList<>();
    if (request.messages() != null) {
      for (Message m : request.messages()) walk(m, new Collect(texts, Origin.ofRole(m.role()), files));
    }
    RequestFields.walk(request, new Collect(texts, Origin.PROMPT, files), new Collect(texts, Origin.METADATA, files));
    return texts;
  }

  /** The request with its texts replaced, {@code replacements} in the order of {@link #of(ChatRequest)}. */
  public static ChatRequest replace(ChatRequest request, List<String> replacements) {
    return replace(request, replacements, new AttachedFiles());
  }

  /**
   * The request with its texts replaced, in the order of {@link #of(ChatRequest, AttachedFiles)}; {@code files}
   * tells which parts are text files, as it did when the texts were read.
   */
  public static ChatRequest replace(ChatRequest request, List<String> replacements, AttachedFiles files) {
    Replace replace = new Replace(replacements, files);
    ChatRequest replaced = request;
    if (request.messages() != null) {
      List<Message> messages = new ArrayList<>(request.messages().size());
      for (Message m : request.messages()) messages.add(walk(m, replace));
      replaced = request.withMessages(messages);
    }
    return RequestFields.walk(replaced, replace, replace);
  }

  /**
   * Tool-call (or legacy {@code function_call}) arguments as scanners read them, every string decoded: a streamed
   * call's arguments, once they are whole.
   */
  public static Text arguments(String json) {
    return Text.of(json, Field.ARGUMENTS, Origin.PROMPT, -1);
  }

  /** Every text of the answer's choices. */
  public static List<Text> of(ChatResponse response) {
    List<Text> texts = new ArrayList<>();
    for (List<Text> choice : byChoice(response)) texts.addAll(choice);
    return texts;
  }

  /** {@link #of(ChatResponse)}'s texts, grouped by choice: each choice's, in the order of the answer's choices. */
  public static List<List<Text>> byChoice(ChatResponse response) {
    List<List<Text>> choices = new ArrayList<>();
    AttachedFiles files = new AttachedFiles();
    if (response.choices() != null) {
      for (ChatResponse.Choice c : response.choices()) {
        List<Text> texts = new ArrayList<>();
        if (c.message() != null) walk(c.message(), new Collect(texts, Origin.PROMPT, files));
        choices.add(texts);
      }
    }
    return choices;
  }

  /** The answer with its texts replaced, in the order of {@link #of(ChatResponse)}. */
  public static ChatResponse replace(ChatResponse response, List<String> replacements) {
    if (response.choices() == null) return response;
    Replace replace = new Replace(replacements, new AttachedFiles());
    List<ChatResponse.Choice> choices = new ArrayList<>(response.choices().size());
    for (ChatResponse.Choice c : response.choices()) {
      Message message = c.message() == null ? null : walk(c.message(), replace);
      choices.add(new ChatResponse.Choice(c.index(), message, c.finishReason(), c.logprobs(), c.extra()));
    }
    return new ChatResponse(response.id(), response.object(), response.created(), response.model(), choices,
        response.usage(), response.systemFingerprint(), response.extra());
  }

  /**
   * All texts joined, for "did the caller send this value?" questions: a message's text parts as the model reads them
   * (one after the other), every other text on a line of its own.
   */
  public static String joined(List<Text> texts) {
    StringBuilder all = new StringBuilder();
    for (ScanUnit unit : ScanUnit.of(texts)) all.append(unit.value()).append('\n');
    return all.toString();
  }

  /**
   * What a text is: a message's content as a string, a text part, tool-call arguments (JSON), thinking text
   * ({@code reasoning_content}), a signed thinking block's text, an image part's URL, a file's text, or another text.
   */
  enum Field { CONTENT, PART, ARGUMENTS, REASONING, THINKING, IMAGE_URL, FILE, OTHER }

  /** Reads or replaces one text. */
  interface Visit {
    String text(String value, Field field);

    /** The call's attached files, each decoded once. */
    AttachedFiles files();

    /** Reads or replaces a file's text: answers its {@code file_data}. */
    String file(FileText file);
  }

  private static Message walk(Message m, Visit visit) {
    Content content = m.content();
    if (content != null && content.isText() && content.text() != null) {
      content = Content.text(visit.text(content.text(), Field.CONTENT));
    } else if (content != null && !content.isText()) {
      List<ContentPart> parts = new ArrayList<>(content.parts().size());
      for (ContentPart p : content.parts()) parts.add(walk(p, visit));
      content = Content.parts(parts);
    }
    String refusal = m.refusal() == null ? null : visit.text(m.refusal(), Field.OTHER);
    List<ToolCall> calls = m.toolCalls();
    if (calls != null) {
      calls = new ArrayList<>(calls.size());
      for (ToolCall call : m.toolCalls()) calls.add(walk(call, visit));
    }
    String name = m.name() == null ? null : visit.text(m.name(), Field.OTHER);
    return new Message(m.role(), content, name, calls, m.toolCallId(), refusal, MessageExtras.walk(m.extra(), visit));
  }

  /**
   * A text part's text, a thinking part's (Anthropic's block as a part: its text among the extra fields), a refusal
   * part's, an image part's URL unless it is a {@code data:} URL (base64 data, no text), or a file part's
   * {@code filename} and, for a text file, the text of its {@code file_data} (a PDF's or other binary data, and a
   * {@code file_id}, an upstream's id, are not read: {@link UnreadableParts}).
   */
  private static ContentPart walk(ContentPart p, Visit visit) {
    if (MessageExtras.THINKING.equals(p.type()) && p.extra().get(MessageExtras.THINKING) instanceof String thinking) {
      return new ContentPart(p.type(), p.text(), p.imageUrl(),
          with(p.extra(), MessageExtras.THINKING, visit.text(thinking, Field.THINKING)));
    }
    if (p.text() != null) return new ContentPart(p.type(), visit.text(p.text(), Field.PART), p.imageUrl(), p.extra());
    if (p.imageUrl() != null && p.imageUrl().url() != null && !DataUrl.is(p.imageUrl().url())) {
      String url = visit.text(p.imageUrl().url(), Field.IMAGE_URL);
      return new ContentPart(p.type(), null, new ContentPart.ImageUrl(url, p.imageUrl().detail()), p.extra());
    }
    if (REFUSAL.equals(p.type()) && p.extra().get(REFUSAL) instanceof String refusal) {
      return new ContentPart(p.type(), null, p.imageUrl(), with(p.extra(), REFUSAL, visit.text(refusal, Field.OTHER)));
    }
    if (p.extra().get(FileText.FILE) instanceof Map<?, ?> file) {
      FileText text = visit.files().of(file);
      if (!(file.get(FILENAME) instanceof String) && text == null) return p;
      Map<Object, Object> visited = new LinkedHashMap<>(file);
      if (file.get(FILENAME) instanceof String filename) visited.put(FILENAME, visit.text(filename, Field.OTHER));
      if (text != null) visited.put(FileText.FILE_DATA, visit.file(text));
      return new ContentPart(p.type(), null, p.imageUrl(), with(p.extra(), FileText.FILE, visited));
    }
    return p;
  }

  private static Map<String, Object> with(Map<String, Object> extra, String field, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(extra);
    copy.put(field, value);
    return copy;
  }

  private static ToolCall walk(ToolCall call, Visit visit) {
    if (call.function() == null || call.function().arguments() == null) return call;
    return call.withArguments(visit.text(call.function().arguments(), Field.ARGUMENTS));
  }

  /**
   * Collects the texts of one message (or of the request's other fields); the text parts it meets are one message's,
   * marked with the index of the first.
   */
  private static final class Collect implements Visit {
    private final List<Text> texts;
    private final Origin origin;
    private final AttachedFiles files;
    private int firstPart = -1;

    Collect(List<Text> texts, Origin origin, AttachedFiles files) {
      this.texts = texts;
      this.origin = origin;
      this.files = files;
    }

    @Override
    public AttachedFiles files() {
      return files;
    }

    @Override
    public String text(String value, Field field) {
      if (field == Field.PART && firstPart < 0) firstPart = texts.size();
      texts.add(Text.of(value, field, origin, field == Field.PART ? firstPart : -1));
      return value;
    }

    /** An attached file is someone's document, not words of the message's author; the operator's stays trusted. */
    @Override
    public String file(FileText file) {
      texts.add(Text.of(file, origin == Origin.INSTRUCTIONS ? Origin.INSTRUCTIONS : Origin.ATTACHMENT));
      return file.written();
    }
  }

  private static final class Replace implements Visit {
    private final List<String> replacements;
    private final AttachedFiles files;
    private int next;

    Replace(List<String> replacements, AttachedFiles files) {
      this.replacements = replacements;
      this.files = files;
    }

    @Override
    public AttachedFiles files() {
      return files;
    }

    @Override
    public String text(String value, Field field) {
      return replacements.get(next++);
    }

    @Override
    public String file(FileText file) {
      return replacements.get(next++);
    }
  }
}
