package dev.apprentice.bench.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apprentice.bench.BenchInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The InjecGuard evaluation files under {@code ../shared/data/prompt-injection}: NotInject (benign prompts full of
 * trigger words, a JSON array of {@code {prompt, ...}}), BIPIA attacks (a JSON object of category → payloads) and
 * BIPIA's email contexts (benign documents, one JSON object per line with {@code context}).
 */
final class InjectionData {

  /** One named list of texts and the label they all carry. */
  record Subset(String name, List<String> texts, boolean injection) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private InjectionData() {}

  /** {@code root} when it holds the protocol's folders; {@link BenchInput.Missing} naming the first one absent. */
  static Path requireProtocol(Path root) {
    for (String folder : List.of("injecguard", "bipia")) {
      BenchInput.requireFolder(root.resolve(folder), "InjecGuard " + folder + "/ folder", "pass --data DIR, the"
          + " prompt-injection folder");
    }
    return root;
  }

  static Subset notInject(Path root, String which) throws IOException {
    List<String> texts = new ArrayList<>();
    for (JsonNode row : JSON.readTree(root.resolve("injecguard/NotInject_" + which + ".json").toFile())) {
      texts.add(row.get("prompt").asText());
    }
    return new Subset("NotInject " + which, texts, false);
  }

  static Subset bipia(Path root, String file, String name) throws IOException {
    List<String> texts = new ArrayList<>();
    JsonNode categories = JSON.readTree(root.resolve("bipia/" + file).toFile());
    categories.properties().forEach(category -> category.getValue().forEach(payload -> texts.add(payload.asText())));
    return new Subset(name, texts, true);
  }

  /** Banking77's test questions: real customer messages to a bank, benign prompts (out of the protocol). */
  static Subset banking77(Path data) throws IOException {
    List<String> texts = dev.apprentice.bench.Banking77Data.read(data.resolve("banking77/test.csv")).stream()
        .map(dev.apprentice.bench.Banking77Data.Row::text).toList();
    return new Subset("Banking77 test questions", texts, false);
  }

  /** Presidio's synthetic sentences full of personal data: benign text (out of the protocol). */
  static Subset piiSentences(Path data) throws IOException {
    List<String> texts = new ArrayList<>();
    for (JsonNode row : JSON.readTree(data.resolve("pii/synth_dataset_v2.json").toFile())) {
      texts.add(row.get("full_text").asText());
    }
    return new Subset("Presidio synthetic PII sentences", texts, false);
  }

  static Subset emailContexts(Path root) throws IOException {
    List<String> texts = new ArrayList<>();
    for (String line : Files.readAllLines(root.resolve("bipia/email_contexts_test.jsonl"))) {
      if (!line.isBlank()) texts.add(JSON.readTree(line).get("context").asText());
    }
    return new Subset("BIPIA email contexts", texts, false);
  }
}
