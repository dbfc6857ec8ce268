package dev.apprentice.server.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.Usage;
import dev.apprentice.api.trace.Tokens;
import java.util.function.Supplier;

/**
 * The Response object ({@code object: "response"}) of one call: the request's settings echoed as the Responses API
 * echoes them, the answer's output items and its usage. A setting the request left unset that the call still ran
 * with — a registered prompt's {@code temperature}, {@code top_p}, output limit, {@code parallel_tool_calls} or
 * {@code user} — is echoed as it ran ({@link #ran}), as OpenAI echoes the parameters a response was made with; the
 * prompt's messages are not echoed as {@code instructions}, which echo only the caller's own (a prompt's messages
 * may be user turns, and the Response names the prompt that gave them). Built as a JSON tree so that the fields the API gives as
 * {@code null} ({@code error}, {@code incomplete_details}, {@code previous_response_id}, ...) are written as null.
 * {@code store} is always false: nothing is kept to be retrieved or continued from.
 */
public final class ResponseObject {

  static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final JsonNode request;
  private final String id;
  private final long createdAt;
  private final ChatRequest ran;
  private final Supplier<Tokens> counted;

  /**
   * @param request   the client's Responses request, whose settings are echoed
   * @param id        the Response's id ({@link ResponseIds#response})
   * @param createdAt when the call arrived, in seconds since the epoch
   */
  public ResponseObject(JsonNode request, String id, long createdAt) {
    this(request, id, createdAt, null, null);
  }

  private ResponseObject(JsonNode request, String id, long createdAt, ChatRequest ran, Supplier<Tokens> counted) {
    this.request = request;
    this.id = id;
    this.createdAt = createdAt;
    this.ran = ran;
    this.counted = counted;
  }

  /**
   * This Response of the chat request the gateway ran ({@code ran}): the settings the client left unset echo that
   * request's, where a registered prompt's parameters filled them.
   */
  public ResponseObject ran(ChatRequest ran) {
    return new ResponseObject(request, id, createdAt, ran, counted);
  }

  /**
   * This Response with the tokens the gateway booked the call at ({@code counted}, read once the call has ended; null
   * before): its usage when the upstream reported none, counted locally as the trace's {@code usage_estimated} says.
   * OpenAI always sends a usage object on a finished Response, and typed clients (the Vercel AI SDK's
   * openai-responses provider) refuse one whose usage is null.
   */
  public ResponseObject counted(Supplier<Tokens> counted) {
    return new ResponseObject(request, id, createdAt, ran, counted);
  }

  public String id() {
    return id;
  }

  /** The whole Response of a non-streamed answer. */
  public ObjectNode answered(ChatResponse answer) {
    ChatResponse.Choice choice = answer.choices() == null || answer.choices().isEmpty() ? null : answer.choices().getFirst();
    String finish = choice == null ? null : choice.finishReason();
    ArrayNode output = ResponseOutput.items(choice == null ? null : choice.message(), finish, encryptedReasoning());
    return finished(answer.model(), finish, output, answer.usage());
  }

  /** True when the request's {@code include} asks for {@code reasoning.encrypted_content}. */
  boolean encryptedReasoning() {
    JsonNode include = request.path("include");
    if (!include.isArray()) return false;
    for (JsonNode asked : include) {
      if ("reasoning.encrypted_content".equals(asked.asText(null))) return true;
    }
    return false;
  }

  /** A Response that has ended: completed, or incomplete for a finish on the output limit or a content filter. */
  ObjectNode finished(String model, String finishReason, ArrayNode output, Usage usage) {
    String reason = incompleteReason(finishReason);
    ObjectNode response = shell(reason == null ? "completed" : "incomplete", model);
    if (reason != null) response.putObject("incomplete_details").put("reason", reason);
    else response.put("completed_at", System.currentTimeMillis() / 1000);
    response.set("output", output);
    response.set("usage", usage(usage != null ? usage : Usage.counted(counted == null ? null : counted.get())));
    return response;
  }

  /** A Response under way ({@code in_progress}), no output yet: what {@code response.created} carries. */
  ObjectNode inProgress(String model) {
    return shell("in_progress", model);
  }

  /** A Response that failed mid-stream with the gateway's error {@code code}. */
  ObjectNode failed(String model, ArrayNode output, String code, String message) {
    ObjectNode response = shell("failed", model);
    response.putObject("error").put("code", code).put("message", message);
    response.set("output", output);
    return response;
  }

  static String incompleteReason(String finishReason) {
    if ("length".equals(finishReason)) return "max_output_tokens";
    if ("content_filter".equals(finishReason)) return "content_filter";
    return null;
  }

  private ObjectNode shell(String status, String model) {
    ObjectNode r = JSON.objectNode();
    r.put("id", id);
    r.put("object", "response");
    r.put("created_at", createdAt);
    r.put("status", status);
    r.put("background", false);
    r.putNull("error");
    r.putNull("incomplete_details");
    r.set("instructions", echo("instructions", JSON.nullNode()));
    r.set("max_output_tokens", echo("max_output_tokens", JSON.nullNode()));
    r.put("model", model != null ? model : request.path("model").asText());
    r.putArray("output");
    r.set("parallel_tool_calls", echo("parallel_tool_calls", JSON.booleanNode(true)));
    r.putNull("previous_response_id");
    if (request.path("prompt").isObject()) r.set("prompt", request.get("prompt")); // a registered prompt's call
    ObjectNode reasoning = r.putObject("reasoning");
    reasoning.set("effort", request.path("reasoning").path("effort").isTextual()
        ? request.path("reasoning").path("effort") : JSON.nullNode());
    reasoning.putNull("summary");
    r.put("store", false);
    r.set("temperature", echo("temperature", JSON.nullNode()));
    ObjectNode text = r.putObject("text");
    JsonNode format = request.path("text").path("format");
    text.set("format", format.isObject() ? format : JSON.objectNode().put("type", "text"));
    r.set("tool_choice", echo("tool_choice", JSON.textNode("auto")));
    r.set("tools", echo("tools", JSON.arrayNode()));
    r.set("top_p", echo("top_p", JSON.nullNode()));
    r.put("truncation", "disabled");
    r.putNull("usage");
    r.set("user", echo("user", JSON.nullNode()));
    r.set("metadata", echo("metadata", JSON.objectNode()));
    return r;
  }

  /** The request's {@code field}, else the value the chat request ran with, else {@code otherwise}. */
  private JsonNode echo(String field, JsonNode otherwise) {
    JsonNode value = request.get(field);
    if (value != null && !value.isNull()) return value;
    Object effective = ran == null ? null : switch (field) {
      case "temperature" -> ran.temperature();
      case "top_p" -> ran.topP();
      case "max_output_tokens" -> ran.outputTokenLimit();
      case "parallel_tool_calls" -> ran.parallelToolCalls();
      case "user" -> ran.user();
      default -> null;
    };
    return effective == null ? otherwise : plain(effective);
  }

  private static JsonNode plain(Object value) {
    return switch (value) {
      case Double d -> JSON.numberNode(d);
      case Integer i -> JSON.numberNode(i);
      case Boolean b -> JSON.booleanNode(b);
      default -> JSON.textNode(value.toString());
    };
  }

  /** Chat usage in the Responses API's names. */
  static JsonNode usage(Usage usage) {
    Tokens tokens = usage.tokens();
    ObjectNode u = JSON.objectNode();
    u.put("input_tokens", tokens.input());
    ObjectNode input = u.putObject("input_tokens_details");
    input.put("cached_tokens", tokens.cachedInput());
    // cache writes (Anthropic's prompt caching), 0 where the upstream reports none: the current schema requires it
    input.put("cache_write_tokens", tokens.cacheWrite());
    u.put("output_tokens", tokens.output());
    u.putObject("output_tokens_details").put("reasoning_tokens", tokens.reasoning());
    u.put("total_tokens", usage.totalTokens());
    return u;
  }
}
