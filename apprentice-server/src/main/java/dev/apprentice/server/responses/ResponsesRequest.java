package dev.apprentice.server.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.Message;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code POST /v1/responses} body as the gateway's chat call, so that routing, fallbacks, limits, guardrails, the
 * cache and traces apply to it as to {@code /v1/chat/completions}. What asks the gateway to keep or fetch state
 * (a previous response, a conversation, a background run) is refused with a 400 naming the field: the gateway is
 * stateless. {@code store} is accepted and ignored (answered as {@code store: false}). A registered prompt is called
 * as on chat completions, by {@code model: "prompt:NAME@ref"} with {@code variables}, or by the Responses API's own
 * {@code prompt} object ({@link ResponsesPrompt}); its {@code input} is then optional.
 */
public final class ResponsesRequest {

  /** Fields of the Responses API that chat has no use for: left out of the chat call, without effect. */
  private static final Set<String> IGNORED = Set.of("store", "include", "truncation", "stream_options",
      "max_tool_calls", "top_logprobs");
  /** Fields read below; anything else is passed on as chat passes on unknown fields. */
  private static final Set<String> READ = Set.of("model", "input", "instructions", "tools", "tool_choice",
      "temperature", "top_p", "max_output_tokens", "text", "parallel_tool_calls", "metadata", "user", "stream",
      "reasoning", "previous_response_id", "conversation", "background", "prompt", "seed", "stop");
  /** Chat completions' own fields, each with the Responses API's way of saying it. */
  private static final Map<String, String> CHAT_FIELDS = Map.of(
      "messages", "give the conversation in 'input' (and a system prompt in 'instructions')",
      "max_tokens", "use 'max_output_tokens'",
      "max_completion_tokens", "use 'max_output_tokens'",
      "response_format", "use 'text.format'",
      "n", "a Response has one answer",
      "functions", "use 'tools' of type function",
      "function_call", "use 'tool_choice'");

  private ResponsesRequest() {}

  /** A Responses request as a chat request, with the Responses names of the chat request's parameters. */
  public record Translated(ChatRequest request, ResponsesParams params) {}

  /** The chat request a Responses request means; a 400 naming the Responses field for what cannot be translated. */
  public static Translated read(JsonNode body, ObjectMapper json) {
    // an array or a scalar has no fields: without this it would read as a body that left out 'input'
    if (!body.isObject()) throw GatewayException.invalid(null, "the request body must be a JSON object");
    refuseState(body);
    refuseChatFields(body);
    ResponsesPrompt prompt = ResponsesPrompt.of(body, json);
    List<Message> messages = new ArrayList<>();
    List<ResponsesParams.Origin> origins = new ArrayList<>();
    String instructions = ResponsesFields.text(body, "instructions");
    if (instructions != null && !instructions.isBlank()) { // empty ones are none, not an empty system prompt
      messages.add(Message.system(instructions));
      origins.add(new ResponsesParams.Origin(ResponsesParams.Kind.INSTRUCTIONS, "instructions"));
    }
    // a prompt call's own input is optional, as a prompt call's own messages are on chat completions
    if (prompt == null || body.hasNonNull("input")) messages.addAll(ResponsesInput.messages(body.get("input"), origins));
    Integer maxOutput = ResponsesFields.integer(body, "max_output_tokens");
    if (maxOutput != null && maxOutput < 1) {
      throw GatewayException.invalid("max_output_tokens", "'max_output_tokens' must be at least 1; got " + maxOutput);
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    JsonNode reasoning = ResponsesFields.object(body, "reasoning");
    String effort = reasoning == null ? null : ResponsesFields.optionalText(reasoning, "effort", "reasoning");
    if (reasoning != null) ResponsesFields.optionalText(reasoning, "summary", "reasoning"); // none written, but a string
    if (effort != null) extra.put("reasoning_effort", effort);
    JsonNode text = body.path("text");
    String verbosity = text.isObject() ? ResponsesFields.optionalText(text, "verbosity", "text") : null;
    if (verbosity != null) extra.put("verbosity", verbosity);
    checkIgnored(body);
    for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!READ.contains(field.getKey()) && !IGNORED.contains(field.getKey())) {
        extra.put(field.getKey(), json.convertValue(field.getValue(), Object.class));
      }
    }
    if (prompt != null && prompt.variables() != null) extra.put("variables", prompt.variables());
    ChatRequest request = ChatRequest.builder()
        .model(prompt != null ? prompt.model() : ResponsesFields.text(body, "model"))
        .messages(messages)
        .stream(ResponsesFields.bool(body, "stream"))
        .temperature(ResponsesFields.number(body, "temperature"))
        .topP(ResponsesFields.number(body, "top_p"))
        .maxTokens(maxOutput)
        .tools(ResponsesTools.tools(body.get("tools"), json))
        .toolChoice(ResponsesTools.toolChoice(body.get("tool_choice")))
        .parallelToolCalls(ResponsesFields.bool(body, "parallel_tool_calls"))
        .responseFormat(ResponsesTools.responseFormat(body.get("text"), json))
        .seed(seed(body))
        .stop(stop(body, json))
        .user(ResponsesFields.text(body, "user"))
        .metadata(metadata(body.get("metadata"), json))
        .extra(extra)
        .build();
    return new Translated(request, new ResponsesParams(origins, prompt != null && prompt.object()));
  }

  /** The fields that would need the gateway to keep, fetch or run something after the answer: a 400 naming each. */
  private static void refuseState(JsonNode body) {
    if (present(body, "previous_response_id")) {
      throw GatewayException.invalid("previous_response_id", "'previous_response_id' is not supported: the gateway "
          + "is stateless and keeps no responses to continue from; send the whole conversation in 'input'");
    }
    if (present(body, "conversation")) {
      throw GatewayException.invalid("conversation", "'conversation' is not supported: the gateway is stateless and "
          + "keeps no conversations; send the whole conversation in 'input'");
    }
    if (Boolean.TRUE.equals(ResponsesFields.bool(body, "background"))) {
      throw GatewayException.invalid("background", "'background: true' is not supported: the gateway is stateless "
          + "and answers while the connection is open; leave background out (or false), or stream");
    }
  }

  /**
   * The fields left out of the chat call, of the types OpenAI's schema gives them all the same: a wrong one is a 400
   * naming it rather than read as if it were absent.
   */
  private static void checkIgnored(JsonNode body) {
    ResponsesFields.bool(body, "store");
    ResponsesFields.strings(body, "include");
    ResponsesFields.text(body, "truncation");
    ResponsesFields.integer(body, "max_tool_calls");
    ResponsesFields.integer(body, "top_logprobs");
    ResponsesFields.object(body, "stream_options");
  }

  /** A chat completions field sent to the Responses API: a 400 saying what the Responses API calls it. */
  private static void refuseChatFields(JsonNode body) {
    for (Map.Entry<String, String> field : CHAT_FIELDS.entrySet()) {
      if (body.has(field.getKey())) {
        throw GatewayException.invalid(field.getKey(), "'" + field.getKey() + "' is a chat completions field, not a "
            + "Responses API one: " + field.getValue());
      }
    }
  }

  /** {@code seed}, which chat takes and some servers honour (not a Responses API field, passed on all the same). */
  private static Long seed(JsonNode body) {
    JsonNode seed = body.get("seed");
    if (seed == null || seed.isNull()) return null;
    if (!seed.isIntegralNumber() || !seed.canConvertToLong()) {
      throw GatewayException.invalid("seed", "'seed' must be an integer; got " + ResponsesFields.jsonType(seed));
    }
    return seed.asLong();
  }

  /** {@code stop}, as chat takes it (the chat check says what is wrong with it). */
  private static Object stop(JsonNode body, ObjectMapper json) {
    JsonNode stop = body.get("stop");
    return stop == null || stop.isNull() ? null : json.convertValue(stop, Object.class);
  }

  private static boolean present(JsonNode body, String field) {
    return body.hasNonNull(field);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> metadata(JsonNode metadata, ObjectMapper json) {
    if (metadata == null || metadata.isNull()) return null;
    if (!metadata.isObject()) {
      throw GatewayException.invalid("metadata", "'metadata' must be an object of strings; got "
          + ResponsesFields.jsonType(metadata));
    }
    return json.convertValue(metadata, Map.class);
  }
}
