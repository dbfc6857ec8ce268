package dev.apprentice.server.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.Message;
import dev.apprentice.api.prompt.PromptException;
import dev.apprentice.api.prompt.PromptRef;
import dev.apprentice.api.prompt.PromptTemplate;
import dev.apprentice.api.prompt.PromptVersion;
import dev.apprentice.server.http.ChatRequestValidator;
import dev.apprentice.server.http.RequestBodies;
import dev.apprentice.server.http.ServerJson;
import dev.apprentice.server.prompt.PromptRegistry;
import dev.apprentice.store.PromptStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the prompt routes do, shared by the admin API and the CLI on a data directory: checks each request as the
 * API documents it (400 naming the field, 404 for what does not exist) and answers in {@link PromptViews}' shapes.
 */
public final class PromptAdmin {

  private static final Set<String> FIELDS = Set.of("name", "messages", "model", "parameters", "labels");
  private static final Set<String> LABEL_FIELDS = Set.of("version");
  private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant");
  private static final Set<String> PER_REQUEST = Set.of("model", "messages", "stream", "stream_options", "variables");

  private final PromptRegistry registry;
  private final Set<String> models;
  private final Clock clock;

  /** @param models the configured model aliases a version may name */
  public PromptAdmin(PromptRegistry registry, Set<String> models, Clock clock) {
    this.registry = registry;
    this.models = models;
    this.clock = clock;
  }

  /** {@code POST /admin/prompts}: the new version (or the unchanged newest one) with {@code created}. */
  public Map<String, Object> push(JsonNode body) {
    object(body, FIELDS, "name, messages, model, parameters, labels");
    String name = text(body, "name");
    if (name == null || !PromptRef.NAME.matcher(name).matches()) {
      throw GatewayException.invalid("name", "'name' must be 1-64 lower-case letters, digits, '.', '_' or '-'");
    }
    List<Message> messages = messages(body.get("messages"));
    String model = text(body, "model");
    if (model != null && !models.contains(model)) {
      throw GatewayException.invalid("model", "unknown model alias '" + model + "' (configured: " + String.join(", ", models) + ")");
    }
    Map<String, Object> parameters = parameters(body.get("parameters"));
    List<String> labels = labels(body.get("labels"));
    PromptStore.Pushed pushed = registry.store().push(name, messages, model, parameters, labels, clock.instant());
    registry.changed();
    Map<String, Object> view = new LinkedHashMap<>(PromptViews.version(pushed.version(), registry.store().labels(name)));
    view.put("created", pushed.created());
    return view;
  }

  /** {@code GET /admin/prompts}. */
  public Map<String, Object> list() {
    return Views.list(registry.store().list().stream().map(PromptViews::summary).toList());
  }

  /** {@code GET /admin/prompts/{name}}: every version and the labels. */
  public Map<String, Object> show(String name) {
    List<PromptVersion> versions = registry.store().versions(name);
    if (versions.isEmpty()) throw new GatewayException(ErrorCode.NOT_FOUND, "no prompt named '" + name + "'");
    return PromptViews.prompt(name, versions, registry.store().labels(name));
  }

  /** {@code GET /admin/prompts/{name}/versions/{ref}}: a version by number, label, {@code latest} or default. */
  public Map<String, Object> version(String name, String ref) {
    PromptRef parsed;
    try {
      parsed = PromptRef.parse(ref == null || ref.isEmpty() ? name : name + "@" + ref);
    } catch (IllegalArgumentException e) {
      throw GatewayException.invalid(null, e.getMessage());
    }
    PromptVersion found = registry.lookup(parsed, ErrorCode.NOT_FOUND, null);
    return PromptViews.version(found, registry.store().labels(name));
  }

  /** {@code PUT /admin/prompts/{name}/labels/{label}} with {@code {version}}. */
  public Map<String, Object> label(String name, String label, JsonNode body) {
    if (label == null || !PromptRef.LABEL.matcher(label).matches() || label.equals(PromptRef.LATEST)) {
      throw GatewayException.invalid("label", "a label is 1-64 lower-case letters, digits, '_' or '-', not only digits"
          + " and not 'latest'; got '" + label + "'");
    }
    object(body, LABEL_FIELDS, "version");
    JsonNode version = body.get("version");
    if (version == null || !version.canConvertToInt() || !version.isIntegralNumber() || version.asInt() < 1) {
      throw GatewayException.invalid("version", "'version' must be a version number (1, 2, ...)");
    }
    if (registry.store().latest(name).isEmpty()) throw new GatewayException(ErrorCode.NOT_FOUND, "no prompt named '" + name + "'");
    Integer previous;
    try {
      previous = registry.store().label(name, label, version.asInt(), clock.instant()).orElse(null);
    } catch (IllegalArgumentException e) {
      throw new GatewayException(ErrorCode.NOT_FOUND, e.getMessage(), "version", null);
    }
    registry.changed();
    return PromptViews.label(name, label, version.asInt(), previous);
  }

  private static List<Message> messages(JsonNode node) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw GatewayException.invalid("messages", "'messages' must be a non-empty array of {role, content}");
    }
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String path = "messages[" + i + "]";
      Message m;
      try {
        m = ServerJson.MAPPER.treeToValue(node.get(i), Message.class);
      } catch (JsonMappingException e) {
        throw invalidMessage(path, e);
      } catch (JsonProcessingException | IllegalArgumentException e) {
        throw GatewayException.invalid(path, "'" + path + "' must be an object {role, content}");
      }
      if (m == null || m.role() == null || !ROLES.contains(m.role())) {
        throw GatewayException.invalid(path + ".role", "'" + path + ".role' must be system, developer, user or assistant");
      }
      if (m.content() == null) throw GatewayException.invalid(path + ".content", "'" + path + ".content' is required");
      messages.add(m);
    }
    try {
      PromptTemplate.variables(messages);
    } catch (PromptException e) {
      throw GatewayException.invalid(e.param(), e.getMessage());
    }
    return messages;
  }

  /**
   * A message that is an object with a value of the wrong kind names that value by its whole path, as a chat request
   * names it ({@code messages[0].tool_calls[0].function}); anything else, the message.
   */
  private static GatewayException invalidMessage(String path, JsonMappingException e) {
    String field = RequestBodies.paramOf(e);
    if (field == null) return GatewayException.invalid(path, "'" + path + "' must be an object {role, content}");
    String param = path + "." + field;
    return GatewayException.invalid(param, "invalid value for '" + param + "': " + RequestBodies.reason(e));
  }

  /** Request fields a version sets by default, each checked as a chat request would check it. */
  private static Map<String, Object> parameters(JsonNode node) {
    if (node == null || node.isNull()) return Map.of();
    if (!node.isObject()) throw GatewayException.invalid("parameters", "'parameters' must be an object");
    ObjectNode probe = ServerJson.MAPPER.createObjectNode().put("model", "probe");
    probe.putArray("messages").addObject().put("role", "user").put("content", "probe");
    Map<String, Object> out = new LinkedHashMap<>();
    for (var it = node.fields(); it.hasNext(); ) {
      var field = it.next();
      String param = "parameters." + field.getKey();
      if (PER_REQUEST.contains(field.getKey())) {
        throw GatewayException.invalid(param, "'" + param + "' cannot be a prompt parameter (set it in the request)");
      }
      probe.set(field.getKey(), field.getValue());
      try {
        ChatRequestValidator.validate(ServerJson.MAPPER.treeToValue(probe, ChatRequest.class));
        out.put(field.getKey(), ServerJson.MAPPER.treeToValue(field.getValue(), Object.class));
      } catch (JsonProcessingException e) {
        throw GatewayException.invalid(param, "invalid value for '" + param + "': " + RequestBodies.reason(e));
      } catch (GatewayException e) {
        throw GatewayException.invalid(param, "'" + param + "': " + e.getMessage());
      }
    }
    return out;
  }

  private static List<String> labels(JsonNode node) {
    if (node == null || node.isNull()) return List.of();
    List<String> labels = new ArrayList<>();
    if (node.isArray()) node.forEach(l -> labels.add(l.isTextual() ? l.asText() : ""));
    if (!node.isArray() || labels.stream().anyMatch(l -> !PromptRef.LABEL.matcher(l).matches() || l.equals(PromptRef.LATEST))) {
      throw GatewayException.invalid("labels", "'labels' must be an array of labels (lower-case letters, digits, '_' or"
          + " '-', not only digits, not 'latest')");
    }
    return labels;
  }

  /** Refuses a body that is not a JSON object, or one with a field outside {@code fields} (listed as {@code known}). */
  private static void object(JsonNode body, Set<String> fields, String known) {
    if (body == null || !body.isObject()) throw GatewayException.invalid(null, "the body must be a JSON object");
    body.fieldNames().forEachRemaining(f -> {
      if (!fields.contains(f)) throw GatewayException.invalid(f, "unknown field '" + f + "' (fields: " + known + ")");
    });
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) return null;
    if (!value.isTextual()) throw GatewayException.invalid(field, "'" + field + "' must be a string");
    return value.asText();
  }
}
