package dev.apprentice.providers.anthropic;

import static dev.apprentice.providers.http.ProviderJson.MAPPER;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.CallContext;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.api.ToolCall;
import dev.apprentice.providers.http.SseEvent;
import dev.apprentice.providers.http.SseReader;
import dev.apprentice.providers.http.Upstream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Translates Anthropic's stream events into OpenAI chunks, one event at a time as they are pulled. Tool calls are
 * numbered among tool_use blocks only, as OpenAI numbers them, not by Anthropic's content-block index; a tool_use
 * block that ends without an argument fragment sends the input its {@code content_block_start} carried as its
 * arguments: {@code "{}"} from Anthropic (a tool that takes none), so that what the client accumulates is JSON, as in
 * a non-streamed answer, and the whole input from Anthropic-compatible servers that send it there. Thinking comes as LiteLLM streams it: each
 * thinking fragment as a delta's {@code reasoning_content}, and at the end of a thinking block the whole block (text
 * and the signature gathered from its signature deltas) as a delta's {@code thinking_blocks}; a redacted_thinking
 * block is sent whole in {@code thinking_blocks} when it starts; a thinking block still open when the message ends
 * (the stream was cut inside it) goes with the finish reason. None of these take a tool-call index or send
 * content. A refusal's {@code stop_details.explanation} goes with the finish reason as the delta's {@code refusal}.
 * Citations, pings, and block, delta and event types this translation does not know (server tool use and results,
 * which the request translation never asks for, or types Anthropic adds later) produce nothing, wherever they come.
 * After {@code message_stop} a usage-only chunk ends the stream, whether or not the caller asked for usage: the
 * gateway needs it for cost.
 *
 * <p>When the request forced its JSON answer tool ({@link AnthropicAnswerTool}), the first tool_use block calling it
 * is the answer, streamed as content: each {@code input_json_delta} fragment as a content delta (a block without one
 * as {@code "{}"}), or, for a schema wrapped in an object, the unwrapped value in one content delta when the block
 * ends. It takes no tool-call index, and a {@code tool_use} stop is {@code stop}. Text, which a forced tool should not
 * let Claude write, is held back: left out once the answer starts, and sent with the finish reason if none came.
 */
final class AnthropicStream implements ChunkStream {

  /** The events that belong to a message, so cannot come before its message_start; other events can. */
  private static final Set<String> MESSAGE_EVENTS = Set.of("content_block_start", "content_block_delta",
      "content_block_stop", "message_delta", "message_stop");

  private final Upstream upstream;
  /** The answer's status (2xx), which a connection lost before the stream's end is reported with. */
  private final int status;
  private final SseReader reader;
  private final CallContext context;
  private final long created;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>();
  /** The arguments a tool_use block sends when it ends, unless an argument fragment comes first: its start's input. */
  private final Map<Integer, String> argumentsOwed = new HashMap<>();
  private final Map<Integer, Thinking> thinkingByBlock = new HashMap<>();
  /** The forced tool whose input is the answer; null when the request has none. */
  private final AnthropicAnswerTool answerTool;
  /** Text held back while the answer tool may still come. */
  private final StringBuilder heldText = new StringBuilder();
  /** The answer's input JSON as streamed so far. */
  private final StringBuilder answerInput = new StringBuilder();
  /** The input the answer tool's block started with, the answer when no fragment comes. */
  private String answerStartInput;
  /** The content-block index of the answer tool's block; null until it starts. */
  private Integer answerBlock;
  private boolean answerSent;
  private String id;
  private String model;
  private ObjectNode usage;
  private volatile boolean finished; // read by close(), which may come from another thread

  /** @param answerTool the forced tool whose input is the answer; null when the request has none */
  AnthropicStream(Upstream upstream, int status, SseReader reader, CallContext context, long created,
      AnthropicAnswerTool answerTool) {
    this.answerTool = answerTool;
    this.upstream = upstream;
    this.status = status;
    this.reader = reader;
    this.context = context;
    this.created = created;
  }

  /**
   * Always false: many of Anthropic's events give no chunk (pings, block stops, thinking signatures), so a buffered
   * event does not promise one, and a writer that waited for it would hold back what it has while {@link #next()}
   * blocks on the network. The writer flushes after every chunk instead.
   */
  @Override
  public boolean ready() {
    return false;
  }

  @Override
  public ChatChunk next() throws ProviderException {
    if (finished) return null;
    while (true) {
      if (closed.get()) throw cancelled(null);
      if (context.expired()) {
        close();
        throw new ProviderException(Kind.TIMEOUT, 0, upstream.providerName() + ": deadline passed mid-stream", null, null);
      }
      SseEvent event;
      try {
        event = reader.next();
      } catch (IOException e) {
        if (closed.get()) throw cancelled(e);
        close();
        throw upstream.readFailure(status, e);
      }
      if (event == null) {
        if (closed.get()) throw cancelled(null);
        close();
        throw upstream.badResponse("stream ended before message_stop", null);
      }
      ChatChunk chunk = translate(event);
      if (chunk != null) return chunk;
    }
  }

  private ChatChunk translate(SseEvent event) throws ProviderException {
    JsonNode data = parse(event);
    String type = data.path("type").asText(event.event() == null ? "" : event.event());
    if (id == null && MESSAGE_EVENTS.contains(type)) {
      return fail(upstream.badResponse("stream sent " + type + " before message_start", null));
    }
    return switch (type) {
      case "message_start" -> start(data.path("message"));
      case "content_block_start" -> blockStart(data.path("index").asInt(), data.path("content_block"));
      case "content_block_delta" -> blockDelta(data.path("index").asInt(), data.path("delta"));
      case "content_block_stop" -> blockStop(data.path("index").asInt());
      case "message_delta" -> messageDelta(data);
      case "message_stop" -> stop();
      case "error" -> fail(AnthropicErrors.typedError(upstream, data));
      default -> null;
    };
  }

  private JsonNode parse(SseEvent event) throws ProviderException {
    String name = event.event() == null ? "stream" : event.event();
    try {
      JsonNode data = readTree(event);
      if (data != null && data.isObject()) return data;
    } catch (JsonProcessingException e) {
      return fail(upstream.badResponse("malformed JSON in a " + name + " event (" + e.getOriginalMessage() + ")", e));
    } catch (IOException e) {
      return fail(upstream.badResponse("unreadable data in a " + name + " event (" + e.getMessage() + ")", e));
    }
    return fail(upstream.badResponse("a " + name + " event is not a JSON object", null));
  }

  /** The event's JSON; bytes that are not UTF-8 are read as a text decoder would (U+FFFD), not refused. */
  private static JsonNode readTree(SseEvent event) throws IOException {
    try {
      return MAPPER.readTree(event.bytes());
    } catch (JsonProcessingException e) {
      String text = event.data();
      if (Arrays.equals(text.getBytes(StandardCharsets.UTF_8), event.bytes())) throw e;
      return MAPPER.readTree(text);
    }
  }

  private ChatChunk start(JsonNode message) throws ProviderException {
    if (!message.path("id").isTextual()) return fail(upstream.badResponse("message_start has no message id", null));
    id = message.path("id").asText();
    model = message.path("model").asText(null);
    usage = MAPPER.createObjectNode();
    mergeUsage(message.path("usage"));
    return chunk(new ChatChunk.Delta("assistant", "", null, null, null), null);
  }

  private ChatChunk blockStart(int blockIndex, JsonNode block) {
    switch (block.path("type").asText()) {
      case "text" -> {
        return text(block.path("text").asText(""));
      }
      case "tool_use" -> {
        if (answerTool != null && answerTool.calledBy(block)) return answerStart(blockIndex, block.path("input"));
        int toolIndex = toolIndexByBlock.size();
        toolIndexByBlock.put(blockIndex, toolIndex);
        argumentsOwed.put(blockIndex, AnthropicResponses.compact(block.path("input")));
        var call = new ToolCall(toolIndex, block.path("id").asText(), "function",
            new ToolCall.FunctionCall(block.path("name").asText(), ""));
        return chunk(new ChatChunk.Delta(null, null, List.of(call), null, null), null);
      }
      case "thinking" -> {
        Thinking thinking = new Thinking(new StringBuilder(), new StringBuilder(block.path("signature").asText("")));
        thinkingByBlock.put(blockIndex, thinking);
        return reasoning(thinking, block.path("thinking").asText(""));
      }
      case "redacted_thinking" -> {
        return thinkingBlocks(List.of(MAPPER.convertValue(block, Map.class)));
      }
      default -> {
        return null;
      }
    }
  }

  private ChatChunk blockDelta(int blockIndex, JsonNode delta) {
    switch (delta.path("type").asText()) {
      case "text_delta" -> {
        return text(delta.path("text").asText(""));
      }
      case "input_json_delta" -> {
        String fragment = delta.path("partial_json").asText("");
        if (isAnswer(blockIndex)) return answerFragment(fragment);
        Integer toolIndex = toolIndexByBlock.get(blockIndex);
        if (toolIndex == null || fragment.isEmpty()) return null;
        argumentsOwed.remove(blockIndex);
        return arguments(toolIndex, fragment);
      }
      case "thinking_delta" -> {
        Thinking thinking = thinkingByBlock.get(blockIndex);
        return thinking == null ? null : reasoning(thinking, delta.path("thinking").asText(""));
      }
      case "signature_delta" -> {
        Thinking thinking = thinkingByBlock.get(blockIndex);
        if (thinking != null) thinking.signature().append(delta.path("signature").asText(""));
        return null;
      }
      default -> {
        return null;
      }
    }
  }

  /**
   * The end of a thinking block sends the whole block; the end of a tool_use block that sent no argument fragment
   * sends the input its start carried as its arguments: the empty object from Anthropic, the whole input from servers
   * that send it there rather than as fragments.
   */
  private ChatChunk blockStop(int blockIndex) {
    if (isAnswer(blockIndex)) {
      String rest = unsentAnswer();
      return rest == null ? null : chunk(ChatChunk.Delta.text(rest), null);
    }
    Thinking thinking = thinkingByBlock.remove(blockIndex);
    if (thinking != null) return thinkingBlocks(List.of(thinking.block()));
    Integer toolIndex = toolIndexByBlock.get(blockIndex);
    String owed = argumentsOwed.remove(blockIndex);
    return toolIndex == null || owed == null ? null : arguments(toolIndex, owed);
  }

  /** A text fragment as content; nothing for an empty one, nor while the answer tool may still come. */
  private ChatChunk text(String fragment) {
    if (fragment.isEmpty()) return null;
    if (answerTool == null) return chunk(ChatChunk.Delta.text(fragment), null);
    if (answerBlock == null) heldText.append(fragment);
    return null;
  }

  /**
   * The start of the answer tool's block: no chunk; text held back is left out, the answer being the JSON. A second
   * call of the tool, which its tool choice forbids, is ignored.
   */
  private ChatChunk answerStart(int blockIndex, JsonNode input) {
    if (answerBlock == null) {
      answerBlock = blockIndex;
      answerStartInput = AnthropicResponses.compact(input);
      heldText.setLength(0);
    }
    return null;
  }

  private boolean isAnswer(int blockIndex) {
    return answerBlock != null && answerBlock == blockIndex;
  }

  /** A fragment of the answer's JSON as content; for a wrapped schema, kept until the block ends. */
  private ChatChunk answerFragment(String fragment) {
    answerInput.append(fragment);
    return fragment.isEmpty() || answerTool.wrapped() ? null : chunk(ChatChunk.Delta.text(fragment), null);
  }

  /**
   * What of the answer's JSON the client has not had, once its block ends: the whole unwrapped value of a wrapped
   * schema, the input the block started with (usually {@code "{}"}) for one that came without fragments; null when
   * nothing is owed, or once sent.
   */
  private String unsentAnswer() {
    if (answerBlock == null || answerSent) return null;
    answerSent = true;
    String input = answerInput.isEmpty() ? answerStartInput : answerInput.toString();
    if (answerTool.wrapped()) return answerTool.answer(input);
    return answerInput.isEmpty() ? input : null;
  }

  /** A thinking fragment as {@code reasoning_content}; nothing for an empty one. */
  private ChatChunk reasoning(Thinking thinking, String fragment) {
    if (fragment.isEmpty()) return null;
    thinking.text().append(fragment);
    return extraDelta(AnthropicResponses.REASONING_CONTENT, fragment);
  }

  /** A delta with {@code thinking_blocks} and no content. */
  private ChatChunk thinkingBlocks(List<?> blocks) {
    return extraDelta(AnthropicResponses.THINKING_BLOCKS, blocks);
  }

  /** A delta with one extra field and no content, so that clients do not see it as text. */
  private ChatChunk extraDelta(String field, Object value) {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put(field, value);
    return chunk(new ChatChunk.Delta(null, null, null, null, extra), null);
  }

  private ChatChunk arguments(int toolIndex, String fragment) {
    var call = new ToolCall(toolIndex, null, null, new ToolCall.FunctionCall(null, fragment));
    return chunk(new ChatChunk.Delta(null, null, List.of(call), null, null), null);
  }

  /**
   * The end of the message: its finish reason, with any thinking block that never got its content_block_stop (a
   * stream cut inside one, a refusal say), whole as far as it came, so that the client's thinking_blocks hold every
   * block, as a non-streamed answer's would.
   */
  private ChatChunk messageDelta(JsonNode data) {
    mergeUsage(data.path("usage"));
    String stopReason = data.path("delta").path("stop_reason").asText(null);
    String finish = AnthropicResponses.finishReason(stopReason, toolIndexByBlock.isEmpty() ? answerTool : null);
    String refusal = AnthropicResponses.refusal(stopReason, data.path("delta").path("stop_details"));
    List<Map<String, Object>> unfinished =
        new TreeMap<>(thinkingByBlock).values().stream().map(Thinking::block).toList();
    thinkingByBlock.clear();
    Map<String, Object> extra = new LinkedHashMap<>();
    if (!unfinished.isEmpty()) extra.put(AnthropicResponses.THINKING_BLOCKS, unfinished);
    String content = answerBlock != null ? unsentAnswer() : heldText.isEmpty() ? null : heldText.toString();
    heldText.setLength(0);
    if (finish == null && extra.isEmpty() && content == null) return null;
    return chunk(new ChatChunk.Delta(null, content, null, refusal, extra), finish);
  }

  private ChatChunk stop() {
    finished = true; // the body's last bytes are read in close(), after the client has had its end
    return new ChatChunk(id, ChatChunk.OBJECT, created, model, List.of(), AnthropicResponses.usage(usage), null, null);
  }

  /**
   * message_delta counts are cumulative, so a count it carries replaces the one from message_start, as does its
   * {@code output_tokens_details} (the thinking tokens).
   */
  private void mergeUsage(JsonNode counts) {
    counts.properties().forEach(field -> {
      boolean details = field.getKey().equals("output_tokens_details") && field.getValue().isObject();
      if (field.getValue().isNumber() || details) {
        usage.set(field.getKey(), field.getValue());
      }
    });
  }

  private ChatChunk chunk(ChatChunk.Delta delta, String finishReason) {
    var choice = new ChatChunk.Choice(0, delta, finishReason, null);
    return new ChatChunk(id, ChatChunk.OBJECT, created, model, List.of(choice), null, null, null);
  }

  private <T> T fail(ProviderException failure) throws ProviderException {
    close();
    throw failure;
  }

  private ProviderException cancelled(Throwable cause) {
    return new ProviderException(Kind.CANCELLED, upstream.providerName() + ": stream closed", cause);
  }

  /** Cancels the upstream request by closing the body; safe to call again and from any thread. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    if (finished) reader.finish(); // ended normally: read the rest so that the connection can be reused
    else reader.close();
  }

  /** A thinking block being streamed: its text so far and its signature so far. */
  private record Thinking(StringBuilder text, StringBuilder signature) {

    /** The block as Anthropic would have sent it whole. */
    Map<String, Object> block() {
      Map<String, Object> block = new LinkedHashMap<>();
      block.put("type", "thinking");
      block.put("thinking", text.toString());
      block.put("signature", signature.toString());
      return block;
    }
  }
}
