package dev.apprentice.providers.anthropic;

import static dev.apprentice.providers.http.ProviderJson.MAPPER;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.Content;
import dev.apprentice.api.Message;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ToolCall;
import dev.apprentice.api.Usage;
import dev.apprentice.providers.http.Upstream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates an Anthropic message into an OpenAI {@code chat.completion}: text blocks become the content, tool_use
 * blocks tool calls. Thinking and redacted_thinking blocks go into the message's extra fields as LiteLLM puts them:
 * {@code thinking_blocks}, the blocks as Anthropic sent them (signature included, which the client must send back on
 * the next turn of a tool loop), and {@code reasoning_content}, their thinking text. A refusal's
 * {@code stop_details.explanation} becomes the message's {@code refusal}, as OpenAI reports one. Other blocks (server
 * tool use and results, which the request translation never asks for) and text citations are left out.
 *
 * <p>When the request asked for its JSON answer as a forced tool ({@link AnthropicAnswerTool}), the input of the first
 * tool_use block calling that tool is the answer: the message's content, alone (text beside it, which a forced tool
 * should not let Claude write, is left out), with no tool call, and a {@code tool_use} stop is {@code stop}.
 */
final class AnthropicResponses {

  static final String OBJECT = "chat.completion";
  static final String REASONING_CONTENT = Message.REASONING_CONTENT;
  static final String THINKING_BLOCKS = Message.THINKING_BLOCKS;

  private AnthropicResponses() {}

  /** @param answerTool the forced tool whose input is the answer; null when the request has none */
  static ChatResponse parse(String body, Upstream upstream, long created, AnthropicAnswerTool answerTool)
      throws ProviderException {
    JsonNode message;
    try {
      message = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw upstream.badResponse("the answer is not valid JSON (" + e.getOriginalMessage() + ")", e);
    }
    if (message == null || !message.isObject()) throw upstream.badResponse("the answer is not a JSON object", null);
    if ("error".equals(message.path("type").asText())) throw AnthropicErrors.typedError(upstream, message);
    JsonNode content = message.path("content");
    if (!content.isArray() || !message.path("id").isTextual()) {
      throw upstream.badResponse("the answer has no message id or content array", null);
    }
    StringBuilder text = new StringBuilder();
    List<ToolCall> toolCalls = new ArrayList<>();
    List<Object> thinkingBlocks = new ArrayList<>();
    StringBuilder reasoning = new StringBuilder();
    boolean anyText = false;
    boolean anyThinking = false;
    String answer = null;
    for (JsonNode block : content) {
      switch (block.path("type").asText()) {
        case "text" -> {
          anyText = true;
          text.append(block.path("text").asText());
        }
        case "tool_use" -> {
          if (answerTool == null || !answerTool.calledBy(block)) {
            toolCalls.add(ToolCall.function(block.path("id").asText(), block.path("name").asText(),
                compact(block.path("input"))));
          } else if (answer == null) {
            answer = answerTool.answer(block.path("input"));
          }
        }
        case "thinking" -> {
          anyThinking = true;
          reasoning.append(block.path("thinking").asText(""));
          thinkingBlocks.add(MAPPER.convertValue(block, Map.class));
        }
        case "redacted_thinking" -> thinkingBlocks.add(MAPPER.convertValue(block, Map.class));
        default -> { }
      }
    }
    String stopReason = message.path("stop_reason").asText(null);
    String refusal = refusal(stopReason, message.path("stop_details"));
    // OpenAI's refusal comes with null content; text Claude wrote before it was stopped is kept
    Content messageContent = answer != null ? Content.text(answer)
        : anyText || (toolCalls.isEmpty() && refusal == null) ? Content.text(text.toString()) : null;
    Map<String, Object> extra = new LinkedHashMap<>();
    if (anyThinking) extra.put(REASONING_CONTENT, reasoning.toString());
    if (!thinkingBlocks.isEmpty()) extra.put(THINKING_BLOCKS, thinkingBlocks);
    Message reply = new Message("assistant", messageContent, null, toolCalls.isEmpty() ? null : toolCalls,
        null, refusal, extra);
    String finish = finishReason(stopReason, toolCalls.isEmpty() ? answerTool : null);
    var choice = new ChatResponse.Choice(0, reply, finish, null);
    return new ChatResponse(message.path("id").asText(), OBJECT, created, message.path("model").asText(null),
        List.of(choice), usage(message.path("usage")), null, null);
  }

  /**
   * Anthropic's stop reason as OpenAI's finish reason; null stays null. {@code pause_turn} (a server tool's loop
   * paused, which a request without server tools never meets) and any reason Anthropic adds later are {@code stop}.
   */
  static String finishReason(String stopReason) {
    if (stopReason == null) return null;
    return switch (stopReason) {
      case "max_tokens", "model_context_window_exceeded" -> "length";
      case "tool_use" -> "tool_calls";
      case "refusal" -> "content_filter";
      default -> "stop";
    };
  }

  /**
   * The finish reason when the request may have forced its answer tool: Claude stops with {@code tool_use} after
   * calling it, and the caller, who asked for an answer, not a tool call, gets {@code stop}.
   */
  static String finishReason(String stopReason, AnthropicAnswerTool answerTool) {
    return answerTool != null && "tool_use".equals(stopReason) ? "stop" : finishReason(stopReason);
  }

  /**
   * The text of a refusal, for OpenAI's {@code refusal}: the human-readable {@code explanation} of its
   * {@code stop_details}; null for any other stop reason, and when Anthropic gives none (it may be null).
   */
  static String refusal(String stopReason, JsonNode stopDetails) {
    if (!"refusal".equals(stopReason)) return null;
    JsonNode explanation = stopDetails == null ? null : stopDetails.get("explanation");
    return explanation != null && explanation.isTextual() && !explanation.asText().isBlank()
        ? explanation.asText() : null;
  }

  /**
   * OpenAI semantics: prompt tokens include cached ones, so cache reads and writes are added to Anthropic's
   * {@code input_tokens} and also reported in {@code prompt_tokens_details}; the thinking tokens of
   * {@code output_tokens_details}, part of {@code output_tokens}, are
   * {@code completion_tokens_details.reasoning_tokens}.
   */
  static Usage usage(JsonNode usage) {
    if (usage == null || !usage.isObject()) return null;
    int input = usage.path("input_tokens").asInt(0);
    int output = usage.path("output_tokens").asInt(0);
    int cacheRead = usage.path("cache_read_input_tokens").asInt(0);
    int cacheWrite = usage.path("cache_creation_input_tokens").asInt(0);
    int prompt = input + cacheRead + cacheWrite;
    JsonNode thinking = usage.path("output_tokens_details").path("thinking_tokens");
    var completionDetails = thinking.isNumber() ? new Usage.CompletionDetails(thinking.asInt(), null) : null;
    return new Usage(prompt, output, prompt + output, new Usage.PromptDetails(cacheRead, cacheWrite, null),
        completionDetails, null);
  }

  static String compact(JsonNode input) {
    if (input == null || input.isMissingNode() || input.isNull()) return "{}";
    try {
      return MAPPER.writeValueAsString(input);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed JSON tree always serialises", e);
    }
  }
}
