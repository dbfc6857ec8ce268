package dev.apprentice.providers.anthropic;

import static dev.apprentice.providers.http.ProviderJson.MAPPER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.UnsupportedRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Translates an OpenAI chat request into the body of Anthropic's {@code POST /v1/messages}.
 *
 * <p>{@code response_format} {@code json_object} and {@code json_schema} become a forced tool whose input is the
 * answer ({@link AnthropicAnswerTool}), so that the schema constrains the answer rather than asks for it. Where
 * Anthropic cannot force a tool, or forcing one would change the request, they become an instruction appended to the
 * system prompt (with the schema, compact) instead: with thinking on (Anthropic refuses a forced tool then), with the
 * caller's own tools (which a forced tool would stop Claude calling), after an assistant prefill (which the answer is
 * to continue as text), and for a schema wrapping would break. Under {@link StructuredOutput#NATIVE},
 * a {@code json_schema} with {@code strict: true} is instead Anthropic's {@code output_config.format}, whose text
 * answer is the JSON, thinking and the caller's tools notwithstanding; only an assistant prefill, which Anthropic
 * refuses beside it, still asks in the system prompt. A {@code json_schema} not strict, which OpenAI follows only as
 * well as it can (and takes whatever the schema holds), and {@code json_object}, without a schema, are sent as under
 * {@link StructuredOutput#TOOL}: constrained decoding refuses schemas outside its subset, and cannot express "any
 * object" (its objects allow no properties beyond those named).
 * {@code text} changes nothing. From the
 * other fields only {@code top_k} and {@code thinking} are passed through ({@code reasoning_effort} becomes a
 * {@code thinking} when there is none, see {@link AnthropicThinking}; with thinking on, {@code temperature} and
 * {@code top_k} are left out, {@code top_p} clamped to 0.95-1), {@code temperature} clamped to Anthropic's 0-1, and
 * {@code top_p} only when {@code temperature} is not set (Claude 4.5 and later refuse the two together); those
 * without an Anthropic equivalent ({@code seed}, penalties, {@code logit_bias}, {@code logprobs}, OpenAI's
 * {@code metadata}) are dropped, and {@code n} above 1, audio output ({@code modalities}), the legacy {@code functions}
 * and {@code web_search_options} are rejected.
 *
 * <p>What this translation refuses in a request the gateway accepted as OpenAI's (a conversation of only system
 * messages, an empty message, the {@code function} role, tool arguments that are not a JSON object, ...) is an
 * {@link UnsupportedRequestException}: another target of the model may serve it, and it is answered 400 naming the
 * parameter only when none can. What no provider could serve (no model, no messages) is
 * {@link GatewayException#invalid}.
 */
final class AnthropicRequests {

  static final String JSON_INSTRUCTION =
      "Respond with a single valid JSON object and nothing else: no prose, no Markdown code fences.";

  private static final String THINKING_BUDGET = "thinking.budget_tokens";
  private static final double THINKING_MIN_TOP_P = 0.95;

  private final int defaultMaxTokens;
  private final StructuredOutput structuredOutput;

  AnthropicRequests(int defaultMaxTokens) {
    this(defaultMaxTokens, StructuredOutput.TOOL);
  }

  AnthropicRequests(int defaultMaxTokens, StructuredOutput structuredOutput) {
    this.defaultMaxTokens = defaultMaxTokens;
    this.structuredOutput = structuredOutput;
  }

  /**
   * A request as Anthropic's: its body, and the forced tool whose input is the answer (null when the request asks
   * for no JSON answer, or asks for it natively or in the system prompt), which the answer's translation needs.
   */
  record Translation(ObjectNode body, AnthropicAnswerTool answerTool) {}

  /** The Anthropic body for this request; {@code stream} decides the {@code stream} flag, whatever the request said. */
  ObjectNode toAnthropic(ChatRequest request, boolean stream) {
    return toAnthropic(request, stream, null);
  }

  /** The Anthropic body for this request, as {@link #translate} makes it. */
  ObjectNode toAnthropic(ChatRequest request, boolean stream, Integer outputTokenCap) {
    return translate(request, stream, outputTokenCap).body();
  }

  /**
   * The Anthropic body for this request, whose {@code max_tokens}, when the request sets no limit, is the provider's
   * default or {@code outputTokenCap} (the gateway's limits), whichever is lower. With a {@code thinking} budget,
   * which Anthropic wants below {@code max_tokens}, the default is room for the answer after the thinking (budget plus
   * default, still never above the cap); a limit or cap that leaves no room above the budget is refused here. A
   * {@code reasoning_effort} budget gets the same room, but under a limit or cap it shrinks instead (see
   * {@link AnthropicThinking}).
   */
  Translation translate(ChatRequest request, boolean stream, Integer outputTokenCap) {
    if (request.model() == null || request.model().isBlank()) throw GatewayException.invalid("model", "model is required");
    if (request.n() != null && request.n() > 1) {
      throw new UnsupportedRequestException("n", "Anthropic returns one choice per call: n must be 1");
    }
    if (request.asksForAudio()) {
      throw new UnsupportedRequestException("modalities", "Anthropic answers in text only: modalities must not ask for "
          + "audio");
    }
    refuseUntranslatedFeatures(request);
    AnthropicMessages.Conversation conversation = AnthropicMessages.convert(request.messages());
    ObjectNode body = MAPPER.createObjectNode();
    body.put("model", request.model());
    int maxTokens = maxTokens(request, outputTokenCap);
    body.put("max_tokens", maxTokens);
    JsonNode thinking = AnthropicThinking.of(request, maxTokens);
    boolean thinkingOn = AnthropicThinking.on(thinking);
    String instruction = responseFormatInstruction(request.responseFormat());
    ObjectNode outputFormat = instruction == null || structuredOutput != StructuredOutput.NATIVE
        || endsWithPrefill(conversation) ? null : outputFormat(request.responseFormat());
    AnthropicAnswerTool answerTool = instruction == null || outputFormat != null
        || !canForceATool(request, thinkingOn, conversation) ? null : AnthropicAnswerTool.of(request.responseFormat());
    boolean asked = answerTool != null || outputFormat != null;
    JsonNode system = system(conversation.system(), asked ? null : instruction);
    if (system != null) body.set("system", system);
    body.set("messages", conversation.messages());
    // with thinking on, Anthropic refuses a temperature other than 1 and top_k (400): they are left out
    // OpenAI's range is 0-2, Anthropic's 0-1 (400 above): clamped, as other gateways do, rather than refused
    if (request.temperature() != null && !thinkingOn) {
      body.put("temperature", Math.clamp(request.temperature(), 0.0, 1.0));
    }
    // Claude 4.5 and later refuse temperature and top_p together (400); temperature is the one kept, as LiteLLM does.
    // With thinking on, Anthropic takes top_p only between 0.95 and 1 (400 otherwise): clamped, as temperature is
    if (request.topP() != null && request.temperature() == null) {
      body.put("top_p", thinkingOn ? Math.clamp(request.topP(), THINKING_MIN_TOP_P, 1.0) : request.topP());
    }
    if (!thinkingOn) passThrough(request, "top_k", body);
    // Anthropic refuses a stop sequence without a non-whitespace character, so "\n" and "" are left out
    List<String> stops = request.stopSequences().stream().filter(stop -> !stop.isBlank()).toList();
    if (!stops.isEmpty()) body.set("stop_sequences", MAPPER.valueToTree(stops));
    AnthropicTools.apply(request, body, structuredOutput == StructuredOutput.NATIVE);
    String forcing = body.path("tool_choice").path("type").asText();
    if (thinkingOn && (forcing.equals("any") || forcing.equals("tool"))) {
      // Anthropic answers 400 to thinking with a forced tool; dropping either would break what the caller relies on
      throw new UnsupportedRequestException("tool_choice", "Anthropic cannot force a tool call with thinking on "
          + "(thinking or reasoning_effort): send tool_choice auto, or no thinking");
    }
    if (answerTool != null) {
      body.putArray("tools").add(answerTool.definition());
      body.set("tool_choice", answerTool.choice());
    }
    if (outputFormat != null) body.putObject("output_config").set("format", outputFormat);
    if (request.user() != null) body.putObject("metadata").put("user_id", request.user());
    if (thinking != null) body.set("thinking", thinking);
    if (stream) body.put("stream", true);
    return new Translation(body, answerTool);
  }

  /**
   * Refuses what the caller relies on that this translation does not send, rather than answer without it: the legacy
   * {@code functions} (whose calls the caller expects back as {@code function_call}), and {@code web_search_options}
   * (OpenAI's search models' web search).
   */
  private static void refuseUntranslatedFeatures(ChatRequest request) {
    Object functions = request.extra().get("functions");
    if (functions != null && !(functions instanceof List<?> list && list.isEmpty())) {
      throw new UnsupportedRequestException("functions",
          "the legacy functions field is not translated for Anthropic: send the functions as tools");
    }
    if (request.extra().get("web_search_options") != null) {
      throw new UnsupportedRequestException("web_search_options",
          "web_search_options is not translated for Anthropic: search the web with a model that takes it");
    }
  }

  /**
   * True when the JSON answer can be a forced tool: thinking is off (Anthropic refuses a forced tool with it), the
   * caller sends no tools of its own (a forced tool would stop Claude calling them) and the conversation does not end
   * with an assistant prefill (which the answer is to continue, as text).
   */
  private static boolean canForceATool(ChatRequest request, boolean thinkingOn,
      AnthropicMessages.Conversation conversation) {
    if (thinkingOn || (request.tools() != null && !request.tools().isEmpty())) return false;
    return !endsWithPrefill(conversation);
  }

  /** True when the conversation ends with an assistant turn, which Claude's answer is to continue. */
  private static boolean endsWithPrefill(AnthropicMessages.Conversation conversation) {
    JsonNode messages = conversation.messages();
    return !messages.isEmpty() && "assistant".equals(messages.get(messages.size() - 1).path("role").asText());
  }

  /**
   * Anthropic's {@code output_config.format} for a {@code json_schema} format with {@code strict: true} (the schema as
   * given: Anthropic refuses one outside the subset it can constrain to, as OpenAI's strict mode refuses one outside
   * its own); null for a schema not strict, which OpenAI only follows as well as it can and which may hold what
   * constrained decoding refuses, and for {@code json_object}, which has no schema. The format is one
   * {@link #responseFormatInstruction} accepts.
   */
  private static ObjectNode outputFormat(Map<String, Object> responseFormat) {
    if (!"json_schema".equals(responseFormat.get("type"))
        || !(responseFormat.get("json_schema") instanceof Map<?, ?> jsonSchema)
        || !Boolean.TRUE.equals(jsonSchema.get("strict"))) {
      return null;
    }
    ObjectNode format = MAPPER.createObjectNode().put("type", "json_schema");
    format.set("schema", MAPPER.valueToTree(jsonSchema.get("schema")));
    return format;
  }

  private int maxTokens(ChatRequest request, Integer outputTokenCap) {
    Integer limit = request.outputTokenLimit();
    Long budget = thinkingBudget(request);
    if (limit == null) {
      if (budget == null) {
        // a reasoning_effort budget gets the default's room for the answer on top, as an explicit budget does; under a
        // cap (a limit) it is the budget that shrinks to fit, in AnthropicThinking, not the request that is refused
        Integer effort = AnthropicThinking.effortBudget(request);
        int wanted = effort == null
            ? defaultMaxTokens : (int) Math.min(Integer.MAX_VALUE, (long) effort + defaultMaxTokens);
        return outputTokenCap == null ? wanted : Math.min(wanted, outputTokenCap);
      }
      long withRoom = Math.min(Integer.MAX_VALUE, Math.min(budget, Integer.MAX_VALUE) + defaultMaxTokens);
      if (outputTokenCap == null) return (int) withRoom;
      if (outputTokenCap <= budget) {
        throw new UnsupportedRequestException(THINKING_BUDGET, THINKING_BUDGET + " (" + budget
            + ") must be below the output limit, and the gateway's limits cap this call's output at " + outputTokenCap
            + " tokens: send max_tokens above the budget, or a smaller budget");
      }
      return (int) Math.min(withRoom, outputTokenCap);
    }
    String param = request.maxCompletionTokens() != null ? "max_completion_tokens" : "max_tokens";
    if (limit < 1) throw GatewayException.invalid(param, param + " must be at least 1");
    if (budget != null && budget >= limit) {
      throw new UnsupportedRequestException(THINKING_BUDGET, THINKING_BUDGET + " (" + budget + ") must be below "
          + param + " (" + limit + "), which counts the thinking and the answer together");
    }
    return limit;
  }

  /** {@code thinking.budget_tokens} when thinking is asked for with a numeric budget; else null. */
  private static Long thinkingBudget(ChatRequest request) {
    if (!(request.extra().get("thinking") instanceof Map<?, ?> thinking) || "disabled".equals(thinking.get("type"))) {
      return null;
    }
    return thinking.get("budget_tokens") instanceof Number budget ? budget.longValue() : null;
  }

  private static void passThrough(ChatRequest request, String field, ObjectNode body) {
    Object value = request.extra().get(field);
    if (value != null) body.set(field, MAPPER.valueToTree(value));
  }

  /** One string when the blocks are plain text; the block list when any carries {@code cache_control}. */
  private static JsonNode system(List<ObjectNode> blocks, String instruction) {
    List<ObjectNode> all = new ArrayList<>(blocks);
    if (instruction != null) all.add(AnthropicContent.textBlock(instruction));
    if (all.isEmpty()) return null;
    if (all.stream().anyMatch(b -> b.has("cache_control"))) {
      ArrayNode array = MAPPER.createArrayNode();
      all.forEach(array::add);
      return array;
    }
    List<String> texts = all.stream().map(b -> b.path("text").asText()).toList();
    return MAPPER.getNodeFactory().textNode(String.join("\n\n", texts));
  }

  static String responseFormatInstruction(Map<String, Object> responseFormat) {
    if (responseFormat == null) return null;
    Object type = responseFormat.get("type");
    if (type == null || "text".equals(type)) return null;
    if ("json_object".equals(type)) return JSON_INSTRUCTION;
    if ("json_schema".equals(type)) {
      if (!(responseFormat.get("json_schema") instanceof Map<?, ?> jsonSchema)
          || !(jsonSchema.get("schema") instanceof Map<?, ?> schema)) {
        throw new UnsupportedRequestException("response_format.json_schema.schema",
            "json_schema needs a schema object");
      }
      return JSON_INSTRUCTION + " The object must conform to this JSON Schema:\n" + MAPPER.valueToTree(schema);
    }
    throw new UnsupportedRequestException("response_format.type",
        "unsupported response_format type '" + type + "': expected text, json_object or json_schema");
  }
}
