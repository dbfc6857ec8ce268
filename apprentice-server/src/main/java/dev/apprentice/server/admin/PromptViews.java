package dev.apprentice.server.admin;

import dev.apprentice.api.prompt.PromptVersion;
import dev.apprentice.server.http.ServerJson;
import dev.apprentice.store.PromptSummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the prompt routes and of the CLI's {@code prompts --json} output. */
public final class PromptViews {

  private PromptViews() {}

  /** One version with its messages, the variables they use and the labels pointing at it. */
  public static Map<String, Object> version(PromptVersion p, Map<String, Integer> labels) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("object", "prompt.version");
    v.put("name", p.name());
    v.put("version", p.version());
    v.put("id", p.id());
    v.put("model", p.model());
    v.put("parameters", p.parameters());
    v.put("messages", ServerJson.WIRE.valueToTree(p.messages())); // as stored: a null a message holds is its value
    v.put("variables", p.variables());
    v.put("labels", labels.entrySet().stream().filter(e -> e.getValue() == p.version()).map(Map.Entry::getKey).toList());
    v.put("created_at", p.createdAt().toString());
    return v;
  }

  /** A prompt with every version, oldest first, and its labels. */
  public static Map<String, Object> prompt(String name, List<PromptVersion> versions, Map<String, Integer> labels) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("object", "prompt");
    v.put("name", name);
    v.put("latest_version", versions.getLast().version());
    v.put("labels", labels);
    v.put("versions", versions.stream().map(p -> version(p, labels)).toList());
    return v;
  }

  public static Map<String, Object> summary(PromptSummary s) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("object", "prompt");
    v.put("name", s.name());
    v.put("latest_version", s.latestVersion());
    v.put("model", s.model());
    v.put("labels", s.labels());
    v.put("updated_at", s.updatedAt().toString());
    return v;
  }

  public static Map<String, Object> label(String name, String label, int version, Integer previous) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("object", "prompt.label");
    v.put("name", name);
    v.put("label", label);
    v.put("version", version);
    v.put("previous_version", previous);
    return v;
  }
}
