package dev.apprentice.guard.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaException;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.AllowSchemaLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks an answer against the JSON schema its request asked for ({@code response_format: {type: json_schema,
 * json_schema: {schema: ...}}}), with draft 2020-12 unless the schema names another draft. Schemas come from
 * callers, so references are resolved only within the schema and the bundled meta-schemas: nothing is ever fetched.
 * Compiled schemas are kept for the most recent 256 distinct schemas. Thread-safe.
 */
public final class JsonSchemaCheck {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int KEPT = 256;

  private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
      b -> b.schemaLoaders(loaders -> loaders.add(new AllowSchemaLoader(iri -> iri.toString().startsWith("classpath:")))));
  private final Map<String, JsonSchema> compiled = Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JsonSchema> eldest) {
          return size() > KEPT;
        }
      });

  /** The schema {@code response_format} asks the answer to follow, if it asks for one. */
  public static Optional<Object> requestedSchema(Map<String, Object> responseFormat) {
    if (responseFormat == null || !"json_schema".equals(responseFormat.get("type"))) return Optional.empty();
    if (!(responseFormat.get("json_schema") instanceof Map<?, ?> spec)) return Optional.empty();
    Object schema = spec.get("schema");
    return schema instanceof Map<?, ?> || schema instanceof Boolean ? Optional.of(schema) : Optional.empty();
  }

  /**
   * What is wrong with {@code answer} under {@code schema}: one line per violation (where, and what the schema
   * wanted), empty when it conforms. An answer that is not JSON at all, or a schema that cannot be compiled, is one
   * violation.
   */
  public List<String> violations(Object schema, String answer) {
    JsonNode document;
    try {
      document = JSON.readTree(answer == null ? "" : answer);
    } catch (JsonProcessingException e) {
      return List.of("the answer is not JSON: " + e.getOriginalMessage());
    }
    if (document == null || document.isMissingNode()) return List.of("the answer is empty, not JSON");
    try {
      List<String> problems = new ArrayList<>();
      for (ValidationMessage message : compile(schema).validate(document)) problems.add(message.getMessage());
      return problems;
    } catch (JsonSchemaException | IllegalArgumentException e) {
      return List.of("the requested schema cannot be used: " + e.getMessage());
    }
  }

  private JsonSchema compile(Object schema) {
    JsonNode node = JSON.valueToTree(schema);
    String key = node.toString();
    JsonSchema found = compiled.get(key);
    if (found != null) return found;
    JsonSchema made = factory.getSchema(node);
    made.initializeValidators();
    compiled.put(key, made);
    return made;
  }
}
