package dev.apprentice.providers.anthropic;

import static dev.apprentice.providers.http.ProviderJson.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The hand-written golden files under {@code src/test/resources/anthropic/}: one case is a set of files sharing a
 * name, such as {@code requests/<case>.openai.json} and {@code requests/<case>.anthropic.json}.
 */
final class GoldenFiles {

  private final Path directory;

  GoldenFiles(String folder) {
    try {
      var url = GoldenFiles.class.getResource("/anthropic/" + folder);
      if (url == null) throw new IllegalStateException("no golden folder anthropic/" + folder + " on the class path");
      this.directory = Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The names of the cases that have a file ending in this suffix, sorted. */
  List<String> cases(String suffix) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix))
          .map(n -> n.substring(0, n.length() - suffix.length())).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String text(String caseName, String suffix) {
    try {
      return Files.readString(directory.resolve(caseName + suffix), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonNode json(String caseName, String suffix) {
    return AnthropicWire.read(text(caseName, suffix));
  }

  /** One JSON tree per non-blank line. */
  List<JsonNode> jsonLines(String caseName, String suffix) {
    return text(caseName, suffix).lines().filter(l -> !l.isBlank()).map(AnthropicWire::read).toList();
  }

  /** The events of an {@code .sse} file, as the raw text between blank lines. */
  List<String> events(String caseName, String suffix) {
    return Stream.of(text(caseName, suffix).split("\\R\\s*\\R")).map(String::strip).filter(e -> !e.isEmpty()).toList();
  }

  /** The object as a tree without {@code created}, which depends on the clock. */
  static JsonNode withoutCreated(Object value) {
    JsonNode tree = MAPPER.valueToTree(value);
    if (tree instanceof ObjectNode object) object.remove("created");
    return tree;
  }

  static void assertSameJson(String caseName, JsonNode actual, JsonNode expected) {
    assertThat(actual)
        .withFailMessage(() -> "golden case " + caseName + " differs\nexpected:\n" + expected.toPrettyString()
            + "\nactual:\n" + actual.toPrettyString())
        .isEqualTo(expected);
  }
}
