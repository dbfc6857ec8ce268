package dev.apprentice.cli.admin;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.apprentice.api.files.Utf8Lines;
import dev.apprentice.api.prompt.PromptRef;
import dev.apprentice.cli.CommandGroup;
import dev.apprentice.cli.InputFiles;
import dev.apprentice.eval.suite.YamlErrors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code apprentice prompts push|list|show|label}: the prompt registry, on the data directory or a running server. */
@Command(name = "prompts", mixinStandardHelpOptions = true,
    description = "Manage registered prompts: immutable versions and movable labels (on the data directory directly,"
        + " or on a running server with --url). Call one with model \"prompt:NAME@LABEL\" and \"variables\".",
    subcommands = {PromptsCommand.Push.class, PromptsCommand.ListPrompts.class, PromptsCommand.Show.class,
        PromptsCommand.Label.class})
public final class PromptsCommand extends CommandGroup {

  /** {@code prompts push NAME --file F}. */
  @Command(name = "push", mixinStandardHelpOptions = true,
      description = "Store a new version from a YAML or JSON file with messages, model and parameters"
          + " (nothing new when it equals the latest version).")
  static final class Push extends PromptCommand {

    /** A key given twice is refused, not won by its last value. */
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();

    @Parameters(paramLabel = "NAME", description = "lower-case letters, digits, '.', '_' or '-'") String name;
    @Option(names = "--file", paramLabel = "F", required = true,
        description = "{messages: [{role, content}], model: ALIAS, parameters: {temperature, max_tokens, ...}}")
    Path file;
    @Option(names = "--label", paramLabel = "LABEL", description = "point this label at the version (repeatable)")
    List<String> labels;
    @Option(names = "--json", description = "print the admin API's JSON") boolean json;
    private ObjectNode request;

    @Override
    void check() {
      request = read(file);
      JsonNode named = request.get("name");
      if (named != null && !named.asText().equals(name)) {
        throw AdminFailure.usage(file + " names the prompt '" + named.asText() + "', not '" + name + "'");
      }
      request.put("name", name);
      if (labels != null) {
        ArrayNode all = request.has("labels") && request.get("labels").isArray() ? (ArrayNode) request.get("labels")
            : request.putArray("labels");
        labels.forEach(all::add);
      }
    }

    @Override
    boolean createsData() {
      return true;
    }

    @Override
    void run(PromptsClient client, PrintWriter out, PrintWriter err) {
      JsonNode pushed = client.push(request);
      if (json) {
        out.println(AdminJson.pretty(pushed));
      } else if (pushed.path("created").asBoolean()) {
        out.println("pushed " + Cells.text(pushed, "id") + variables(pushed) + labelled(pushed));
      } else {
        out.println(name + " is unchanged: still " + Cells.text(pushed, "id") + labelled(pushed));
      }
    }

    private static ObjectNode read(Path file) {
      String unreadable = InputFiles.unreadable(file); // a folder said to be one, as datasets import says it
      if (unreadable != null) throw AdminFailure.usage(unreadable);
      JsonNode node;
      try {
        node = YAML.readTree(Files.readString(file));
      } catch (java.nio.file.NoSuchFileException e) {
        throw AdminFailure.usage("cannot read " + file + ": no such file");
      } catch (java.nio.charset.CharacterCodingException e) {
        throw AdminFailure.usage(Utf8Lines.refusal(file));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw AdminFailure.usage(file + ": " + YamlErrors.describe(e));
      } catch (IOException e) {
        throw AdminFailure.usage("cannot read " + file + ": " + e.getMessage().lines().findFirst().orElse(""));
      }
      if (node == null || !node.isObject()) {
        throw AdminFailure.usage(file + " must hold an object: messages, and optionally model and parameters");
      }
      return (ObjectNode) node;
    }
  }

  /** {@code prompts list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List prompts with their latest version and labels.")
  static final class ListPrompts extends PromptCommand {

    @Option(names = "--json", description = "print the admin API's JSON") boolean json;

    @Override
    void run(PromptsClient client, PrintWriter out, PrintWriter err) {
      JsonNode list = client.list();
      if (json) {
        out.println(AdminJson.pretty(list));
        return;
      }
      if (list.path("data").isEmpty()) {
        out.println("no prompts yet (push one with: apprentice prompts push NAME --file prompt.yaml)");
        return;
      }
      Table table = new Table().column("NAME").number("LATEST").column("MODEL").column("LABELS").column("UPDATED");
      for (JsonNode p : list.path("data")) {
        table.row(Cells.text(p, "name"), Cells.text(p, "latest_version"), Cells.text(p, "model"), labels(p.path("labels")),
            Cells.time(p, "updated_at"));
      }
      table.print(out);
    }
  }

  /** {@code prompts show NAME[@version|@label]}. */
  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Show a version's messages, model and parameters; a bare NAME shows every version and the"
          + " default one (the 'production' label, else the latest).")
  static final class Show extends PromptCommand {

    @Parameters(paramLabel = "NAME[@REF]", description = "NAME, NAME@VERSION, NAME@LABEL or NAME@latest") String ref;
    @Option(names = "--json", description = "print the admin API's JSON") boolean json;
    private PromptRef parsed;

    @Override
    void check() {
      try {
        parsed = PromptRef.parse(ref);
      } catch (IllegalArgumentException e) {
        throw AdminFailure.usage(e.getMessage());
      }
    }

    @Override
    void run(PromptsClient client, PrintWriter out, PrintWriter err) {
      if (parsed.version() != null || parsed.label() != null) {
        JsonNode version = client.version(parsed.name(), parsed.version() != null ? parsed.version().toString() : parsed.label());
        if (json) out.println(AdminJson.pretty(version));
        else PromptReport.version(version, out);
        return;
      }
      JsonNode prompt = client.show(parsed.name());
      if (json) {
        out.println(AdminJson.pretty(prompt));
        return;
      }
      PromptReport.overview(prompt, out);
    }
  }

  /** {@code prompts label NAME VERSION LABEL}. */
  @Command(name = "label", mixinStandardHelpOptions = true, description = "Point a label (production, staging, ...) at a version.")
  static final class Label extends PromptCommand {

    @Parameters(index = "0", paramLabel = "NAME") String name;
    @Parameters(index = "1", paramLabel = "VERSION") int version;
    @Parameters(index = "2", paramLabel = "LABEL") String label;

    @Override
    void run(PromptsClient client, PrintWriter out, PrintWriter err) {
      JsonNode moved = client.label(name, label, version);
      String previous = moved.hasNonNull("previous_version") ? " (was " + moved.get("previous_version").asInt() + ")" : " (new)";
      out.println(label + " -> " + name + "@" + version + previous);
    }
  }

  static String labels(JsonNode labels) {
    List<String> out = new ArrayList<>();
    labels.fields().forEachRemaining(e -> out.add(e.getKey() + "=" + e.getValue().asText()));
    return out.isEmpty() ? Cells.NONE : String.join(", ", out);
  }

  private static String variables(JsonNode version) {
    List<String> names = new ArrayList<>();
    version.path("variables").forEach(v -> names.add(v.asText()));
    return names.isEmpty() ? " (no variables)" : " (variables: " + String.join(", ", names) + ")";
  }

  private static String labelled(JsonNode version) {
    List<String> names = new ArrayList<>();
    version.path("labels").forEach(v -> names.add(v.asText()));
    return names.isEmpty() ? "" : "; labels: " + String.join(", ", names);
  }
}
