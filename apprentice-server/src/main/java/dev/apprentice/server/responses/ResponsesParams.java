package dev.apprentice.server.responses;

import dev.apprentice.api.GatewayException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Responses request's own name for a parameter of the chat request it was translated into, so that an error
 * found by a chat check names the field the client sent: {@code messages[3].tool_call_id} is {@code input[2].call_id},
 * {@code max_tokens} is {@code max_output_tokens}, {@code tools[0].function.name} is {@code tools[0].name}. Each chat
 * message knows the input item (or {@code instructions}) it came from, and its tool calls the {@code function_call}
 * items they came from. A name without a known counterpart is left as it is.
 */
public final class ResponsesParams {

  private static final Pattern MESSAGE = Pattern.compile("messages\\[(\\d+)](.*)");
  private static final Pattern PART = Pattern.compile("\\.content\\[(\\d+)](.*)");
  private static final Pattern TOOL_CALL = Pattern.compile("\\.tool_calls\\[(\\d+)](.*)");
  private static final Pattern THINKING_BLOCK = Pattern.compile("\\.thinking_blocks\\[(\\d+)].*");
  private static final Pattern TOOL = Pattern.compile("tools\\[(\\d+)]\\.function(\\..*)?");
  /** A chat message path inside an error's message: {@code messages[2].content[1]}, {@code messages[3].tool_call_id}. */
  private static final Pattern MESSAGE_PATH =
      Pattern.compile("(?<![\\w.])messages\\[\\d+](?:\\.[a-z_]+|\\[\\d+])*");
  private static final Map<String, String> TOP_LEVEL = Map.of(
      "messages", "input",
      "max_tokens", "max_output_tokens",
      "max_completion_tokens", "max_output_tokens",
      "reasoning_effort", "reasoning.effort",
      "verbosity", "text.verbosity",
      "response_format", "text.format",
      "response_format.type", "text.format.type",
      "response_format.json_schema", "text.format",
      "tool_choice.function", "tool_choice.name",
      "tool_choice.function.name", "tool_choice.name");

  /** Where a chat message came from. */
  enum Kind {
    /** The system message {@code instructions} became. */
    INSTRUCTIONS,
    /** The user message a string {@code input} became. */
    TEXT_INPUT,
    /** A message item ({@code role}, {@code content}). */
    MESSAGE,
    /** An assistant message made for {@code function_call} items that follow no assistant message item. */
    CALLS,
    /** A {@code function_call_output} item ({@code call_id}, {@code output}). */
    OUTPUT
  }

  /**
   * A chat message's origin: the item's path, the paths of the function_call items of its tool calls, those of the
   * assistant message items whose text was joined onto it after its calls, and the reasoning items its thinking came
   * from.
   */
  static final class Origin {
    final Kind kind;
    final String path;
    final List<String> calls = new ArrayList<>();
    final List<String> joined = new ArrayList<>();
    final Thinking thinking = new Thinking();

    Origin(Kind kind, String path) {
      this.kind = kind;
      this.path = path;
    }
  }

  /**
   * The reasoning items an assistant turn's thinking came from: the item of each of its {@code thinking_blocks}, in
   * order, and the first that gave its {@code reasoning_content}.
   */
  static final class Thinking {
    final List<String> blocks = new ArrayList<>();
    String text;

    /** A reasoning item at {@code path} that gave {@code blocks} blocks and, when {@code text}, thinking text. */
    void carried(String path, int blocks, boolean text) {
      for (int i = 0; i < blocks; i++) this.blocks.add(path);
      if (text && this.text == null) this.text = path;
    }

    void add(Thinking more) {
      blocks.addAll(more.blocks);
      if (text == null) text = more.text;
    }
  }

  private final List<Origin> messages;
  private final boolean promptObject;

  /**
   * @param messages     each chat message's origin, in the chat request's order
   * @param promptObject true when the request called a registered prompt by its {@code prompt} object (its
   *                     {@code model} and {@code variables} are {@code prompt.id} and {@code prompt.variables})
   */
  ResponsesParams(List<Origin> messages, boolean promptObject) {
    this.messages = List.copyOf(messages);
    this.promptObject = promptObject;
  }

  /**
   * The error as the Responses client is told it: its {@code param}, and the same name in its message, the field the
   * client sent; the error itself when its param has no other name.
   *
   * @param ownFrom the index in the chat request the error names at which the client's own messages begin (after a
   *                registered prompt's), or -1 when it is not known (the gateway may have inserted one): then a
   *                message's name is left as it is
   */
  public GatewayException told(GatewayException e, int ownFrom) {
    String chat = e.param();
    if (chat == null) return e;
    String client = of(chat, ownFrom);
    String message = e.getMessage() == null ? null : messagePaths(named(e.getMessage(), chat, client), ownFrom);
    if (client.equals(chat) && Objects.equals(message, e.getMessage())) return e;
    return new GatewayException(e.code(), message, client, e.retryAfter(), e.wireCode());
  }

  /**
   * {@code message} with the parameter {@code chat} named {@code client}: wherever it stands as a name of its own when
   * it cannot be read as a word ({@code reasoning_effort}, {@code messages[2].content}); a plain word ({@code model})
   * only where it is quoted or begins the message, since elsewhere it may be just the word.
   */
  private static String named(String message, String chat, String client) {
    if (client.equals(chat)) return message;
    if (chat.chars().allMatch(Character::isLetter)) {
      String quoted = message.replace("'" + chat + "'", "'" + client + "'");
      return quoted.startsWith(chat + " ") ? client + quoted.substring(chat.length()) : quoted;
    }
    return Pattern.compile("(?<![\\w.\\[\\]])" + Pattern.quote(chat) + "(?![\\w\\[]|\\.\\w)").matcher(message)
        .replaceAll(Matcher.quoteReplacement(client));
  }

  /**
   * {@code message} with every other chat message path in it ({@code messages[2].content[1]}, as a refusal that names
   * several parts lists them) as the Responses field it came from.
   */
  private String messagePaths(String message, int ownFrom) {
    if (!message.contains("messages[")) return message;
    return MESSAGE_PATH.matcher(message).replaceAll(m -> Matcher.quoteReplacement(of(m.group(), ownFrom)));
  }

  /** The Responses name of the chat parameter {@code chat}; {@code chat} itself when it has none. */
  public String of(String chat, int ownFrom) {
    String top = TOP_LEVEL.get(chat);
    if (top != null) return top;
    if (chat.startsWith("response_format.json_schema.")) {
      return "text.format." + chat.substring("response_format.json_schema.".length());
    }
    if (promptObject && (chat.equals("model") || chat.equals("variables") || chat.startsWith("variables."))) {
      return chat.equals("model") ? "prompt.id" : "prompt." + chat;
    }
    Matcher tool = TOOL.matcher(chat);
    if (tool.matches()) return "tools[" + tool.group(1) + "]" + (tool.group(2) == null ? "" : tool.group(2));
    Matcher message = MESSAGE.matcher(chat);
    if (message.matches() && ownFrom >= 0) {
      int own = Integer.parseInt(message.group(1)) - ownFrom;
      if (own >= 0 && own < messages.size()) return ofMessage(messages.get(own), message.group(2));
    }
    return chat;
  }

  /** A chat message's field ({@code rest}: {@code .content[0].text}, or empty) under the item it came from. */
  private static String ofMessage(Origin origin, String rest) {
    Matcher block = THINKING_BLOCK.matcher(rest);
    if (block.matches() && Integer.parseInt(block.group(1)) < origin.thinking.blocks.size()) {
      return origin.thinking.blocks.get(Integer.parseInt(block.group(1))) + ".encrypted_content";
    }
    if (rest.startsWith(".reasoning_content") && origin.thinking.text != null) {
      return origin.thinking.text + ".encrypted_content";
    }
    Matcher call = TOOL_CALL.matcher(rest);
    if (call.matches()) {
      int k = Integer.parseInt(call.group(1));
      return k < origin.calls.size() ? ofCall(origin.calls.get(k), call.group(2)) : origin.path;
    }
    return switch (origin.kind) {
      case INSTRUCTIONS, TEXT_INPUT -> origin.path;
      // a turn begun by calls has no text but what was joined onto it: its content begins at the first joined item
      case CALLS -> rest.equals(".content") && !origin.joined.isEmpty() ? origin.joined.getFirst() + ".content"
          : origin.calls.isEmpty() ? origin.path : origin.calls.getFirst();
      case MESSAGE -> rest.equals(".role") || rest.equals(".content") ? origin.path + rest
          : ofPart(origin.path + ".content", rest, origin.path);
      case OUTPUT -> switch (rest) {
        case ".tool_call_id" -> origin.path + ".call_id";
        case ".content" -> origin.path + ".output";
        default -> ofPart(origin.path + ".output", rest, origin.path);
      };
    };
  }

  /** A content part's field: its {@code type} and {@code text} keep their names, an image's URL is its image_url. */
  private static String ofPart(String parts, String rest, String otherwise) {
    Matcher part = PART.matcher(rest);
    if (!part.matches()) return otherwise;
    String at = parts + "[" + part.group(1) + "]";
    String field = part.group(2);
    if (field.startsWith(".image_url")) return at + (field.equals(".image_url.detail") ? ".detail" : ".image_url");
    if (field.startsWith(".file.")) return at + field.substring(".file".length());
    return field.equals(".type") || field.equals(".text") ? at + field : at;
  }

  /** A tool call's field under its function_call item: {@code id} is {@code call_id}, a function's fields are flat. */
  private static String ofCall(String item, String rest) {
    return switch (rest) {
      case ".id" -> item + ".call_id";
      case ".function.name" -> item + ".name";
      case ".function.arguments" -> item + ".arguments";
      case ".type" -> item + ".type";
      default -> item;
    };
  }
}
