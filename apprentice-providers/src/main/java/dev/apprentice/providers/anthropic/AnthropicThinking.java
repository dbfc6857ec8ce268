package dev.apprentice.providers.anthropic;

import static dev.apprentice.providers.http.ProviderJson.MAPPER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.UnsupportedRequestException;

/**
 * The {@code thinking} of an Anthropic request: Anthropic's own field when the client sent it, else one made from
 * OpenAI's {@code reasoning_effort} ({@code none}/{@code minimal}: no thinking; {@code low}, {@code medium},
 * {@code high}: a budget of 1,024, 4,096 or 16,384 tokens, {@code xhigh} and {@code max} as high). Anthropic wants
 * the budget at least 1,024 and below {@code max_tokens}, which counts thinking as OpenAI's
 * {@code max_completion_tokens} counts reasoning: a budget the limit cannot hold shrinks to half the limit (at
 * least 1,024), leaving the other half to the answer; a limit of 1,024 or less cannot think.
 * Without a limit, {@link AnthropicRequests} sends the budget plus the default as {@code max_tokens}, as it does for an
 * explicit {@code thinking}, so the budget never eats the room for the answer.
 */
final class AnthropicThinking {

  static final String EFFORT = "reasoning_effort";
  private static final int MIN_BUDGET = 1024;

  private AnthropicThinking() {}

  /** The thinking to send with this {@code max_tokens}, or null for none. */
  static JsonNode of(ChatRequest request, int maxTokens) {
    Object explicit = request.extra().get("thinking");
    if (explicit != null) return MAPPER.valueToTree(explicit);
    Integer budget = effortBudget(request);
    if (budget == null) return null;
    // a budget the limit cannot hold takes half of it (at least the minimum), so the answer keeps the other half
    int fitted = budget < maxTokens ? budget : Math.max(MIN_BUDGET, maxTokens / 2);
    if (fitted >= maxTokens) {
      throw new UnsupportedRequestException(EFFORT, EFFORT + " needs at least " + MIN_BUDGET + " tokens of thinking "
          + "below the output limit (" + maxTokens + "), which counts the thinking and the answer together: send a "
          + "higher max_completion_tokens, or reasoning_effort none");
    }
    ObjectNode thinking = MAPPER.createObjectNode();
    thinking.put("type", "enabled");
    thinking.put("budget_tokens", fitted);
    return thinking;
  }

  /**
   * True when this thinking turns thinking on: Anthropic then refuses a temperature other than 1, top_k, and a top_p
   * below 0.95.
   */
  static boolean on(JsonNode thinking) {
    return thinking != null && !"disabled".equals(thinking.path("type").asText());
  }

  /** The thinking budget {@code reasoning_effort} asks for when no explicit {@code thinking} wins over it; else null. */
  static Integer effortBudget(ChatRequest request) {
    if (request.extra().get("thinking") != null) return null;
    Object effort = request.extra().get(EFFORT);
    if (effort == null) return null;
    return switch (String.valueOf(effort)) {
      case "none", "minimal" -> null;
      case "low" -> MIN_BUDGET;
      case "medium" -> 4096;
      case "high", "xhigh", "max" -> 16384;
      default -> throw new UnsupportedRequestException(EFFORT, "unknown " + EFFORT + " '" + effort
          + "': expected none, minimal, low, medium or high");
    };
  }
}
