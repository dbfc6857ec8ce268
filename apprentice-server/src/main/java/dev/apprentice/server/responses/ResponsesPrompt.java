package dev.apprentice.server.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.prompt.PromptRef;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Responses request that calls a registered prompt, which the chat call carries as chat completions' prompt
 * extension does: the model {@code prompt:NAME@ref} and {@code variables}. Either form of the chat extension itself
 * ({@code "model": "prompt:triage@production", "variables": {...}}), or the Responses API's {@code prompt} object,
 * read against the gateway's registry: {@code id} is the prompt's name, {@code version} a version number or a label
 * (the {@code production} label, else the latest, when it is left out), {@code variables} its variables, each a string
 * or an {@code input_text} (whose text fills it); images and files cannot fill a prompt's text.
 *
 * @param model     the chat call's model, {@code prompt:NAME[@ref]}
 * @param variables the prompt object's variables as chat takes them; null for the chat form (its {@code variables}
 *                  pass on as any field chat reads) or when none were given
 * @param object    true when given by the {@code prompt} object
 */
record ResponsesPrompt(String model, Map<String, Object> variables, boolean object) {

  /** The prompt the request calls, or null when it calls a model alias. */
  static ResponsesPrompt of(JsonNode body, ObjectMapper json) {
    JsonNode prompt = body.get("prompt");
    if (prompt == null || prompt.isNull()) {
      String model = body.path("model").isTextual() ? body.path("model").asText() : null;
      return PromptRef.isPromptModel(model) ? new ResponsesPrompt(model, null, false) : null;
    }
    if (!prompt.isObject()) {
      throw GatewayException.invalid("prompt", "'prompt' must be an object {id, version?, variables?} naming a "
          + "registered prompt; got " + ResponsesFields.jsonType(prompt));
    }
    if (body.hasNonNull("model")) {
      throw GatewayException.invalid("model", "'model' cannot be given with 'prompt': a prompt call is routed to the "
          + "model alias its prompt version names; leave 'model' out");
    }
    if (body.hasNonNull("variables")) {
      throw GatewayException.invalid("variables", "'variables' cannot be given with 'prompt': give them in "
          + "'prompt.variables'");
    }
    String id = ResponsesFields.requiredText(prompt, "id", "prompt");
    String version = version(prompt.get("version"));
    String ref = version == null ? id : id + "@" + version;
    try {
      PromptRef.parse(ref);
    } catch (IllegalArgumentException e) {
      String param = PromptRef.NAME.matcher(id).matches() ? "prompt.version" : "prompt.id";
      throw GatewayException.invalid(param, "'" + param + "' is not a registered prompt's "
          + (param.equals("prompt.id") ? "name (lower-case letters, digits, '.', '_' or '-'); got '" + id + "'"
              : "version (1, 2, ...) or label (lower-case letters, digits, '_' or '-'); got '" + version + "'"));
    }
    return new ResponsesPrompt(PromptRef.MODEL_PREFIX + ref, variables(prompt.get("variables"), json), true);
  }

  /** {@code prompt.version}: a string, as OpenAI's schema has it, or a whole number. */
  private static String version(JsonNode version) {
    if (version == null || version.isNull()) return null;
    if (version.isTextual()) return version.asText();
    if (version.isIntegralNumber()) return version.asText();
    throw GatewayException.invalid("prompt.version", "'prompt.version' must be a string (a version number or a "
        + "label); got " + ResponsesFields.jsonType(version));
  }

  /** {@code prompt.variables} as chat's {@code variables}: an input_text gives its text; other values pass as JSON. */
  private static Map<String, Object> variables(JsonNode variables, ObjectMapper json) {
    if (variables == null || variables.isNull()) return null;
    if (!variables.isObject()) {
      throw GatewayException.invalid("prompt.variables", "'prompt.variables' must be an object of name: value; got "
          + ResponsesFields.jsonType(variables));
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = variables.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> variable = it.next();
      String at = "prompt.variables." + variable.getKey();
      JsonNode value = variable.getValue();
      String type = value.path("type").isTextual() ? value.path("type").asText() : null;
      if ("input_text".equals(type)) {
        values.put(variable.getKey(), ResponsesFields.requiredText(value, "text", at));
      } else if (type != null && type.startsWith("input_")) {
        throw GatewayException.invalid(at, "'" + at + "' is an " + type + ": a registered prompt's variables fill "
            + "its text; give a string or an input_text");
      } else {
        values.put(variable.getKey(), json.convertValue(value, Object.class));
      }
    }
    return values;
  }
}
