package dev.apprentice.server.prompt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.Message;
import dev.apprentice.api.prompt.PromptException;
import dev.apprentice.api.prompt.PromptRef;
import dev.apprentice.api.prompt.PromptVersion;
import dev.apprentice.server.http.ChatRequestValidator;
import dev.apprentice.server.http.ServerJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prompt extension of {@code POST /v1/chat/completions}: a request whose model is {@code prompt:NAME[@ref]}
 * carries {@code variables} instead of (or before) its messages. The prompt version's messages are rendered with
 * the variables, the request's own {@code messages} (optional) are appended after them, the version's parameters
 * fill every field the request leaves unset, and the call is routed to the version's model alias. The trace
 * captures this rendered request plus the caller's {@code variables}.
 */
public final class PromptCalls {

  private static final String VARIABLES = "variables";

  private final PromptRegistry registry;

  public PromptCalls(PromptRegistry registry) {
    this.registry = registry;
  }

  /** A rendered request: what is routed, {@code name@version} for the trace, and the body the trace captures. */
  public record Rendered(ChatRequest request, String prompt, byte[] captured) {}

  /** True when the request names a prompt instead of a model. */
  public static boolean isPromptCall(ChatRequest request) {
    return PromptRef.isPromptModel(request.model());
  }

  /** Renders a prompt call: {@link #resolve}, then {@link #render(ChatRequest, PromptVersion)}. */
  public Rendered render(ChatRequest request) {
    return render(request, resolve(request));
  }

  /**
   * The prompt version a prompt call names, before anything is rendered, so that a call refused while rendering is
   * still traced with its {@code name@version}. 400 {@code model} for a malformed reference (or a request that is
   * not valid apart from its messages); 404 {@code model_not_found} for an unknown prompt, version or label.
   */
  public PromptVersion resolve(ChatRequest request) {
    PromptRef ref = ref(request.model());
    List<Message> own = request.messages() == null ? List.of() : request.messages();
    ChatRequestValidator.validate(own.isEmpty() ? request.withMessages(List.of(Message.user("-"))) : request);
    return registry.resolve(ref);
  }

  /**
   * The version a {@code prompt:NAME[@ref]} model calls, checked as a call to it is before anything is rendered: 400
   * {@code model} for a malformed reference or a version that names no model; 404 {@code model_not_found} for an
   * unknown prompt, version or label. Whether its model is one the gateway can call is the caller's to check.
   */
  public PromptVersion callable(String model) {
    return calling(registry.resolve(ref(model)));
  }

  /** The reference of a {@code prompt:NAME[@ref]} model; 400 {@code model} when it is malformed. */
  private static PromptRef ref(String model) {
    try {
      return PromptRef.parse(model.substring(PromptRef.MODEL_PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw GatewayException.invalid("model", e.getMessage());
    }
  }

  /** {@code prompt} when it names a model to call; 400 {@code model} when it names none. */
  private static PromptVersion calling(PromptVersion prompt) {
    if (prompt.model() == null) {
      throw GatewayException.invalid("model", "prompt " + prompt.id() + " names no model to call: push a version with"
          + " a 'model' (a configured model alias)");
    }
    return prompt;
  }

  /**
   * Renders a prompt call with the version {@link #resolve} found: 400 naming {@code variables.x} for a missing,
   * unused or null variable, {@code model} when the version names no model.
   */
  public Rendered render(ChatRequest request, PromptVersion prompt) {
    List<Message> own = request.messages() == null ? List.of() : request.messages();
    calling(prompt);
    Object variables = request.extra().get(VARIABLES);
    List<Message> messages = new ArrayList<>(render(prompt, variables));
    messages.addAll(own);

    ObjectNode tree = ServerJson.WIRE.valueToTree(request);
    tree.remove(VARIABLES);
    tree.put("model", prompt.model());
    tree.set("messages", ServerJson.WIRE.valueToTree(messages));
    prompt.parameters().forEach((field, value) -> {
      if (!tree.hasNonNull(field)) tree.set(field, ServerJson.WIRE.valueToTree(value));
    });
    ChatRequest rendered;
    try {
      rendered = ChatRequestValidator.validate(ServerJson.MAPPER.treeToValue(tree, ChatRequest.class));
      if (variables != null) tree.set(VARIABLES, ServerJson.WIRE.valueToTree(variables));
      return new Rendered(rendered, prompt.id(), ServerJson.WIRE.writeValueAsString(tree).getBytes(StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw GatewayException.invalid("model", "prompt " + prompt.id() + " has parameters a request cannot carry: "
          + e.getOriginalMessage());
    }
  }

  /**
   * The version's messages rendered with a call's {@code variables} (its JSON value, null when the call has none):
   * 400 naming {@code variables} when they are not an object, {@code variables.x} for a missing, unused or null one.
   */
  public static List<Message> render(PromptVersion prompt, Object variables) {
    if (variables != null && !(variables instanceof Map<?, ?>)) {
      throw GatewayException.invalid(VARIABLES, "'variables' must be an object of name: value");
    }
    Map<String, String> values = new LinkedHashMap<>();
    if (variables instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) values.put(String.valueOf(e.getKey()), text(String.valueOf(e.getKey()), e.getValue()));
    }
    try {
      return prompt.render(values);
    } catch (PromptException e) {
      throw GatewayException.invalid(e.param(), e.getMessage());
    }
  }

  /** A variable's text: a string as it is, any other JSON value as compact JSON. */
  private static String text(String name, Object value) {
    if (value == null) throw GatewayException.invalid(VARIABLES + "." + name, "variables." + name + " is null");
    if (value instanceof String s) return s;
    try {
      return ServerJson.WIRE.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw GatewayException.invalid(VARIABLES + "." + name, "variables." + name + " cannot be written as text");
    }
  }
}
