package dev.apprentice.eval.metric.match;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import dev.apprentice.eval.metric.CaseMetric;
import dev.apprentice.eval.metric.EvalCase;
import dev.apprentice.eval.metric.Measurement;
import dev.apprentice.eval.metric.Settings;
import java.util.Map;
import java.util.Set;

/**
 * {@code json_schema}: 1 when the output is JSON (a {@code ```json} fence allowed) that conforms to the {@code schema}
 * setting (an object, or its JSON text), else 0. The schema's {@code $schema} picks the draft; 2020-12 without one.
 * A non-conforming item's note names the first violation.
 */
public final class JsonSchemaMatch implements CaseMetric {

  /** The settings {@code json_schema} reads. */
  public static final Set<String> SETTING_NAMES = Set.of("schema", "allow_fence");

  private final JsonSchema schema;
  private final boolean allowFence;

  private JsonSchemaMatch(JsonSchema schema, boolean allowFence) {
    this.schema = schema;
    this.allowFence = allowFence;
  }

  public static JsonSchemaMatch from(Settings s) {
    Object raw = s.values().get("schema");
    if (raw == null) throw new IllegalArgumentException("json_schema needs the setting schema (an object or JSON text)");
    JsonNode node;
    try {
      node = raw instanceof String text ? JsonText.MAPPER.readTree(text) : JsonText.MAPPER.valueToTree(raw);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("setting schema is not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) throw new IllegalArgumentException("setting schema must be a JSON object");
    SpecVersion.VersionFlag version = node.has("$schema") ? SpecVersionDetector.detect(node) : SpecVersion.VersionFlag.V202012;
    JsonSchema schema = JsonSchemaFactory.getInstance(version).getSchema(node);
    return new JsonSchemaMatch(schema, s.bool("allow_fence", true));
  }

  @Override
  public String name() {
    return "json_schema";
  }

  @Override
  public Measurement measure(EvalCase item) {
    JsonNode json = JsonText.parse(item.output(), allowFence);
    if (json == null) return new Measurement(0, Map.of(), 0, 0, "not JSON");
    Set<ValidationMessage> problems = schema.validate(json);
    if (problems.isEmpty()) return Measurement.of(1);
    return new Measurement(0, Map.of(), 0, 0, problems.iterator().next().getMessage());
  }
}
