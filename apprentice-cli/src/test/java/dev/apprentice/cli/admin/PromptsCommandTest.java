package dev.apprentice.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code apprentice prompts ...} on a data directory. */
class PromptsCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String V1 = """
      model: sim-echo
      parameters: { temperature: 0.2, max_tokens: 64 }
      messages:
        - role: system
          content: "You triage tickets for {{product}}. Answer with one word."
        - role: user
          content: "{{ticket}}"
      """;

  @TempDir
  Path dir;

  private Cli.Run prompts(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "prompts";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--data-dir";
    all[args.length + 2] = dir.resolve("data").toString();
    return Cli.run(all);
  }

  private Path file(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void aPromptIsPushedListedShownAndLabelledOnTheDataDirectory() throws Exception {
    Path v1 = file("triage.yaml", V1);
    Cli.Run pushed = prompts("push", "triage", "--file", v1.toString(), "--label", "production");
    assertThat(pushed.exit()).as(pushed.err()).isZero();
    assertThat(pushed.out()).isEqualTo("pushed triage@1 (variables: product, ticket); labels: production\n");
    assertThat(prompts("push", "triage", "--file", v1.toString()).out()).isEqualTo("triage is unchanged: still triage@1; labels: production\n");

    Path v2 = file("triage.json", "{\"model\":\"sim-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"Label: {{ticket}}\"}]}");
    assertThat(prompts("push", "triage", "--file", v2.toString()).out()).startsWith("pushed triage@2 (variables: ticket)");

    Cli.Run listed = prompts("list");
    assertThat(listed.out()).contains("NAME", "LATEST", "LABELS").containsPattern("triage\\s+2\\s+sim-echo\\s+production=1");

    Cli.Run shown = prompts("show", "triage");
    assertThat(shown.exit()).as(shown.err()).isZero();
    assertThat(shown.out()).containsPattern("1\\s+sim-echo\\s+product, ticket\\s+production")
        .contains("prompt      triage@1", "[system]", "You triage tickets for {{product}}. Answer with one word.", "[user]",
            "{\"temperature\":0.2,\"max_tokens\":64}");
    assertThat(prompts("show", "triage@2").out()).contains("prompt      triage@2", "Label: {{ticket}}")
        .doesNotContain("labels");

    Cli.Run labelled = prompts("label", "triage", "2", "production");
    assertThat(labelled.out()).isEqualTo("production -> triage@2 (was 1)\n");
    JsonNode production = JSON.readTree(prompts("show", "triage@production", "--json").out());
    assertThat(production.path("version").asInt()).isEqualTo(2);
    assertThat(production.path("labels").get(0).asText()).isEqualTo("production");
    assertThat(prompts("label", "triage", "1", "staging").out()).isEqualTo("staging -> triage@1 (new)\n");
  }

  @Test
  void mistakesExitWithOneLineAndTheRightStatus() throws Exception {
    Cli.Run missing = prompts("push", "triage", "--file", dir.resolve("nope.yaml").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("no such file");
    Cli.Run folder = prompts("push", "triage", "--file", dir.toString());
    assertThat(folder.exit()).isEqualTo(2);
    assertThat(folder.err()).isEqualTo("apprentice: cannot read " + dir + ": a folder, not a file\n");

    Cli.Run unknownModel = prompts("push", "triage", "--file", file("bad.yaml", V1.replace("sim-echo", "gpt-9")).toString());
    assertThat(unknownModel.exit()).isEqualTo(2);
    assertThat(unknownModel.err()).startsWith("apprentice: unknown model alias 'gpt-9'").hasLineCount(1);

    Cli.Run badTemplate = prompts("push", "triage", "--file",
        file("t.yaml", "messages: [ { role: user, content: 'Hi {{name' } ]").toString());
    assertThat(badTemplate.exit()).isEqualTo(2);
    assertThat(badTemplate.err()).contains("messages[0].content").contains("never closed");

    Path broken = file("broken.yaml", "messages: [\n");
    Cli.Run notYaml = prompts("push", "triage", "--file", broken.toString());
    assertThat(notYaml.exit()).isEqualTo(2);
    assertThat(notYaml.err()).isEqualTo("apprentice: " + broken + ": not valid YAML at line 1, column 12: expected the "
        + "node content, but found '<stream end>'\n");

    Path twice = file("twice.yaml", V1 + "model: sim-other\n");
    Cli.Run duplicate = prompts("push", "triage", "--file", twice.toString());
    assertThat(duplicate.exit()).isEqualTo(2);
    assertThat(duplicate.err()).startsWith("apprentice: " + twice + ": not valid YAML at line ")
        .endsWith(": duplicate key 'model'\n");

    Path latin1 = Files.write(dir.resolve("latin1.yaml"), "model: sim-echo\nmessages: [ { role: user, content: 'caf\u00e9' } ]\n"
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    Cli.Run notUtf8 = prompts("push", "triage", "--file", latin1.toString());
    assertThat(notUtf8.exit()).isEqualTo(2);
    assertThat(notUtf8.err()).isEqualTo("apprentice: " + latin1 + " line 2: not UTF-8 text (the file must be UTF-8"
        + " throughout)\n");

    Cli.Run notAnObject = prompts("push", "triage", "--file", file("list.yaml", "- a\n- b\n").toString());
    assertThat(notAnObject.exit()).isEqualTo(2);
    assertThat(notAnObject.err()).contains("must hold an object");

    assertThat(prompts("list").out()).contains("no prompts yet");
    prompts("push", "triage", "--file", file("ok.yaml", V1).toString());
    Cli.Run unknown = prompts("show", "nope");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).isEqualTo("apprentice: no prompt named 'nope'\n");
    assertThat(prompts("show", "triage@Bad").exit()).isEqualTo(2);
    Cli.Run noVersion = prompts("label", "triage", "9", "production");
    assertThat(noVersion.exit()).isEqualTo(2);
    assertThat(noVersion.err()).contains("no version 9");
    assertThat(prompts("label", "triage", "1", "latest").exit()).isEqualTo(2);
  }
}
