package dev.apprentice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./apprentice} launcher builds the jar when it is missing or older than the sources (PRODUCT.md §1), and
 * adds the vector module only for the commands that open Lucene indexes: with it the JVM prints "WARNING: Using
 * incubator modules" at every start, noise on the standard error of every script that pipes a command's output. The
 * launcher runs here against a copy of the repository root with a built jar in place (so it builds nothing, unless a
 * test gives it a stand-in {@code ./mvnw}) and a stand-in JDK 25 whose {@code java} prints its arguments.
 */
@DisabledOnOs(OS.WINDOWS)
class LauncherTest {

  private static final String VECTOR_MODULE = "jdk.incubator.vector";

  @TempDir
  Path root;

  @Test
  void commandsThatOpenNoLuceneIndexStartWithoutTheVectorModule() throws Exception {
    for (String command : List.of("keys list", "traces list", "costs", "metrics bleu --input rows.jsonl",
        "guard scan --input rows.jsonl", "datasets list", "prompts list", "config check", "eval report r1",
        "eval list", "simulator", "bench gateway", "--version", "--help", "serve --help", "cache stats --url "
        + "http://127.0.0.1:8080", "collections query h q --url=http://127.0.0.1:8080", "eval run suite.yaml --url "
        + "http://127.0.0.1:8080", "cache -h")) {
      List<String> javaArgs = launch(command.split(" "));

      assertThat(javaArgs).as(command).doesNotContain(VECTOR_MODULE).contains("-jar");
      assertThat(javaArgs.subList(javaArgs.indexOf("-jar") + 2, javaArgs.size())).as(command)
          .containsExactly(command.split(" "));
    }
  }

  @Test
  void theServerAnEvaluationRunAndTheCacheAndCollectionsCommandsStartWithTheVectorModule() throws Exception {
    for (String command : List.of("serve", "serve --port 9000", "eval run suite.yaml", "collections query h q",
        "collections add h --dir docs", "cache stats", "cache clear")) {
      List<String> javaArgs = launch(command.split(" "));

      assertThat(javaArgs).as(command).containsSubsequence("--add-modules", VECTOR_MODULE, "-jar");
    }
  }

  @Test
  void anOutOfMemoryErrorEndsTheProcessUnlessTheOperatorsOptionsSayOtherwiseAfterIt() throws Exception {
    List<String> javaArgs = launch("serve");

    assertThat(javaArgs).containsSubsequence("-XX:+ExitOnOutOfMemoryError", "-jar");
    List<String> overridden = launch(Map.of("APPRENTICE_JAVA_OPTS", "-XX:-ExitOnOutOfMemoryError -Xmx512m"), "serve");
    assertThat(overridden).containsSubsequence("-XX:+ExitOnOutOfMemoryError", "-XX:-ExitOnOutOfMemoryError",
        "-Xmx512m", "-jar");
  }

  @Test
  void theJarIsBuiltWhenItIsMissingOrOlderThanASourceAndOnlyThen() throws Exception {
    launch("--version");
    Path builds = root.resolve("builds.log");
    Path mvnw = root.resolve("mvnw");
    Files.writeString(mvnw, "#!/usr/bin/env bash\nprintf '%s\\n' \"$*\" >> '" + builds + "'\n"
        + "mkdir -p apprentice-cli/target && : > apprentice-cli/target/apprentice.jar\n");
    Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path jar = root.resolve("apprentice-cli/target/apprentice.jar");
    Path source = root.resolve("apprentice-server/src/main/java/Server.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "class Server {}\n");
    Instant now = Instant.now();
    Files.setLastModifiedTime(source, FileTime.from(now.minus(Duration.ofHours(1))));
    Files.setLastModifiedTime(jar, FileTime.from(now));

    launch("--version");
    assertThat(builds).as("a jar newer than every source is run as it is").doesNotExist();

    Files.setLastModifiedTime(jar, FileTime.from(now.minus(Duration.ofHours(2))));
    List<String> output = launch("--version");
    assertThat(Files.readAllLines(builds)).as("a source newer than the jar").singleElement()
        .satisfies(build -> assertThat(build).contains("package").contains("-DskipTests"));
    assertThat(output).contains("apprentice: building (first use or sources changed)...");

    Files.delete(jar);
    launch("--version");
    assertThat(Files.readAllLines(builds)).as("no jar at all").hasSize(2);
  }

  /** Runs the launcher copy with {@code args} and returns the arguments its {@code java} was started with. */
  private List<String> launch(String... args) throws IOException, InterruptedException {
    return launch(Map.of(), args);
  }

  /** The same with {@code environment} added to the launcher's. */
  private List<String> launch(Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    Path repository = Path.of("..").toAbsolutePath().normalize();
    if (!Files.exists(root.resolve("apprentice"))) {
      Files.createDirectories(root.resolve(".mvn"));
      Files.copy(repository.resolve("apprentice"), root.resolve("apprentice"));
      Files.copy(repository.resolve(".mvn/jdk25.sh"), root.resolve(".mvn/jdk25.sh"));
      Files.createDirectories(root.resolve("apprentice-cli/target"));
      Files.writeString(root.resolve("apprentice-cli/target/apprentice.jar"), "");
      Path jdk = root.resolve("jdk");
      Files.createDirectories(jdk.resolve("bin"));
      Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"25.0.1\"\n");
      Path java = jdk.resolve("bin/java");
      Files.writeString(java, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\"\n");
      Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    List<String> command = new ArrayList<>(List.of("bash", root.resolve("apprentice").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", root.resolve("jdk").toString());
    builder.environment().remove("APPRENTICE_JAVA_OPTS");
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output.lines().toList();
  }
}
