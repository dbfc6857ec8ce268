package dev.apprentice.gateway.accounting;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.Content;
import dev.apprentice.api.Message;
import dev.apprentice.api.ToolCall;
import dev.apprentice.api.ToolCallIndexes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Folds a stream's chunks into the one completion they spell, so that a streamed call can be captured, estimated and
 * (later) cached like a non-streamed one. Tool-call fragments are joined by their index, the fields the gateway does
 * not read kept (a later fragment's value of one wins); {@code reasoning_content}
 * fragments are joined, {@code thinking_blocks} lists appended and OpenRouter's {@code reasoning_details} joined by
 * their index ({@link JoinedReasoningDetails}), into the message's fields of those names. A legacy
 * {@code function_call} (name and argument fragments) is joined into the message's {@code function_call}, as a
 * non-streamed answer holds it, so that the output checks and the trace see its arguments too. What a non-streamed
 * answer would hold beside the message is kept as well: each choice's {@code logprobs} ({@link JoinedLogprobs}) and
 * the fields the gateway does not read, of each message delta (OpenAI's {@code annotations}; a text such as Ollama's
 * {@code reasoning} joined from its fragments), of each choice (Azure's {@code content_filter_results}, vLLM's
 * {@code stop_reason}) and of the chunks ({@code service_tier}, Azure's {@code prompt_filter_results}), a later
 * chunk's value of one winning, so that a streamed answer is traced and cached as the same answer unstreamed would
 * be. OpenAI's {@code obfuscation}, random padding that hides each chunk's length, is no part of the answer.
 */
public final class StreamAssembler implements Answer {

  /** See {@link Message#REASONING_CONTENT}. */
  public static final String REASONING_CONTENT = Message.REASONING_CONTENT;
  /**
   * The thinking text as newer vLLM (vllm-project/vllm#27755), Ollama, OpenRouter and Groq name it, in place of
   * {@code reasoning_content}.
   */
  public static final String REASONING = "reasoning";
  /** See {@link Message#THINKING_BLOCKS}. */
  public static final String THINKING_BLOCKS = Message.THINKING_BLOCKS;
  /** OpenRouter's structured thinking, streamed in fragments: {@link JoinedReasoningDetails}. */
  public static final String REASONING_DETAILS = "reasoning_details";
  /** The legacy single function call, in place of {@code tool_calls}: {@code {name, arguments}}. */
  public static final String FUNCTION_CALL = "function_call";
  /** OpenAI's padding of each stream chunk, different in every chunk and absent from a whole answer. */
  private static final String OBFUSCATION = "obfuscation";
  /**
   * The delta's fields joined across chunks, and {@code audio}, whose data and transcript arrive in fragments this
   * does not join (an assembled answer holds no audio); any other field of a delta is kept as it came, a later value
   * winning.
   */
  private static final Set<String> NOT_KEPT_AS_SENT =
      Set.of(REASONING_CONTENT, THINKING_BLOCKS, REASONING_DETAILS, FUNCTION_CALL, "audio");

  private final Map<Integer, Choice> choices = new TreeMap<>();
  private String id;
  private Long created;
  private String model;
  private String fingerprint;
  private final Map<String, Object> extra = new LinkedHashMap<>();

  public void add(ChatChunk chunk) {
    if (chunk.id() != null && id == null) id = chunk.id();
    if (chunk.created() != null && created == null) created = chunk.created();
    if (chunk.model() != null) model = chunk.model();
    if (chunk.systemFingerprint() != null) fingerprint = chunk.systemFingerprint();
    extra.putAll(chunk.extra());
    extra.remove(OBFUSCATION);
    if (chunk.choices() == null) return;
    for (ChatChunk.Choice c : chunk.choices()) {
      Choice choice = choices.computeIfAbsent(c.index(), i -> new Choice());
      if (c.finishReason() != null) choice.finishReason = c.finishReason();
      choice.logprobs.add(c.logprobs());
      choice.extra.putAll(c.extra());
      ChatChunk.Delta delta = c.delta();
      if (delta == null) continue;
      if (delta.role() != null) choice.role = delta.role();
      if (delta.content() != null) choice.text.append(delta.content());
      if (delta.refusal() != null) choice.refusal.append(delta.refusal());
      if (delta.toolCalls() != null) delta.toolCalls().forEach(choice::addToolCall);
      if (delta.extra().get(REASONING_CONTENT) instanceof String fragment) {
        if (choice.reasoning == null) choice.reasoning = new StringBuilder();
        choice.reasoning.append(fragment);
      }
      if (delta.extra().get(THINKING_BLOCKS) instanceof List<?> blocks) choice.thinkingBlocks.addAll(blocks);
      choice.reasoningDetails.add(delta.extra().get(REASONING_DETAILS));
      if (delta.extra().get(FUNCTION_CALL) instanceof Map<?, ?> fragment) choice.addFunctionCall(fragment);
      delta.extra().forEach((field, value) -> {
        if (!NOT_KEPT_AS_SENT.contains(field)) choice.addMessageField(field, value);
      });
    }
  }

  /** The model the upstream reported, or null. */
  String model() {
    return model;
  }

  String systemFingerprint() {
    return fingerprint;
  }

  /**
   * Everything the model produced as text (content, refusals, thinking, tool-call names and arguments), for
   * estimates.
   */
  String producedText() {
    StringBuilder all = new StringBuilder();
    for (Choice choice : choices.values()) {
      all.append(choice.text).append(choice.refusal);
      // one thinking, whichever name it came under (vLLM 0.11 to 0.15 send it under both)
      if (choice.reasoning != null) all.append(choice.reasoning);
      else if (choice.messageExtra.get(REASONING) instanceof StringBuilder reasoning) all.append(reasoning);
      for (ToolCallParts call : choice.toolCalls.values()) all.append(call.name).append(call.arguments);
      if (choice.functionCall != null) all.append(choice.functionCall.name).append(choice.functionCall.arguments);
    }
    return all.toString();
  }

  /** The completion the chunks add up to, as {@link #response()}. */
  @Override
  public ChatResponse get() {
    return response();
  }

  /** The first chunk's {@code id} that had one, or null. */
  @Override
  public String id() {
    return id;
  }

  /** Each choice's last {@code finish_reason}, in the order of their indexes; those that sent none left out. */
  @Override
  public List<String> finishReasons() {
    List<String> reasons = new ArrayList<>(choices.size());
    for (Choice choice : choices.values()) {
      if (choice.finishReason != null) reasons.add(choice.finishReason);
    }
    return reasons;
  }

  /** The completion the chunks add up to (usage left out: the caller knows it better). */
  public ChatResponse response() {
    List<ChatResponse.Choice> out = new ArrayList<>(choices.size());
    choices.forEach((index, c) -> out.add(new ChatResponse.Choice(index, c.message(), c.finishReason,
        c.logprobs.value(), new LinkedHashMap<>(c.extra))));
    return new ChatResponse(id, "chat.completion", created, model, out, null, fingerprint,
        new LinkedHashMap<>(extra));
  }

  private static final class Choice {
    final StringBuilder text = new StringBuilder();
    final StringBuilder refusal = new StringBuilder();
    final Map<Integer, ToolCallParts> toolCalls = new TreeMap<>();
    final ToolCallIndexes toolCallIndexes = new ToolCallIndexes();
    final List<Object> thinkingBlocks = new ArrayList<>();
    final JoinedLogprobs logprobs = new JoinedLogprobs();
    final JoinedReasoningDetails reasoningDetails = new JoinedReasoningDetails();
    /** The choice's fields the gateway does not read, a later chunk's value winning. */
    final Map<String, Object> extra = new LinkedHashMap<>();
    /**
     * The message's fields the gateway does not read: texts joined from their fragments (a {@code reasoning} as
     * Ollama, Groq and OpenRouter stream it), any other value (OpenAI's {@code annotations}) a later delta's winning.
     */
    final Map<String, Object> messageExtra = new LinkedHashMap<>();
    StringBuilder reasoning;
    ToolCallParts functionCall;
    String role = "assistant";
    String finishReason;

    void addToolCall(ToolCall fragment) {
      int index = toolCallIndexes.of(fragment);
      ToolCallParts parts = toolCalls.computeIfAbsent(index, i -> new ToolCallParts());
      if (fragment.id() != null) parts.id = fragment.id();
      if (fragment.type() != null) parts.type = fragment.type();
      parts.extra.putAll(fragment.extra());
      if (fragment.function() != null) {
        if (fragment.function().name() != null) parts.name.append(fragment.function().name());
        if (fragment.function().arguments() != null) parts.arguments.append(fragment.function().arguments());
        parts.functionExtra.putAll(fragment.function().extra());
      }
    }

    /** A text is a fragment, as every text of a delta is, joined to the text before it; other values replace. */
    void addMessageField(String field, Object value) {
      if (value instanceof String fragment && messageExtra.get(field) instanceof StringBuilder sent) {
        sent.append(fragment);
      } else {
        messageExtra.put(field, value instanceof String fragment ? new StringBuilder(fragment) : value);
      }
    }

    void addFunctionCall(Map<?, ?> fragment) {
      if (functionCall == null) functionCall = new ToolCallParts();
      if (fragment.get("name") instanceof String name) functionCall.name.append(name);
      if (fragment.get("arguments") instanceof String arguments) functionCall.arguments.append(arguments);
    }

    Message message() {
      List<ToolCall> calls = toolCalls.isEmpty() ? null : toolCalls.values().stream()
          .map(ToolCallParts::toolCall).toList();
      String content = text.isEmpty() && (calls != null || functionCall != null) ? null : text.toString();
      Map<String, Object> extra = new LinkedHashMap<>();
      messageExtra.forEach((field, value) -> extra.put(field, value instanceof StringBuilder t ? t.toString() : value));
      if (functionCall != null) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("name", functionCall.name.toString());
        call.put("arguments", functionCall.arguments.toString());
        extra.put(FUNCTION_CALL, call);
      }
      if (reasoning != null) extra.put(REASONING_CONTENT, reasoning.toString());
      if (!thinkingBlocks.isEmpty()) extra.put(THINKING_BLOCKS, List.copyOf(thinkingBlocks));
      List<Map<String, Object>> details = reasoningDetails.value();
      if (details != null) extra.put(REASONING_DETAILS, details);
      return new Message(role, content == null ? null : Content.text(content), null, calls, null,
          refusal.isEmpty() ? null : refusal.toString(), extra);
    }
  }

  private static final class ToolCallParts {
    final StringBuilder name = new StringBuilder();
    final StringBuilder arguments = new StringBuilder();
    /** Fields of the call and of its function that the gateway does not read (Gemini's thought signature). */
    final Map<String, Object> extra = new LinkedHashMap<>();
    final Map<String, Object> functionExtra = new LinkedHashMap<>();
    String id;
    String type = "function";

    ToolCall toolCall() {
      var function = new ToolCall.FunctionCall(name.toString(), arguments.toString(), functionExtra);
      return new ToolCall(null, id, type, function, extra);
    }
  }
}
