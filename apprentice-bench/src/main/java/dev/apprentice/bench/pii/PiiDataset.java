package dev.apprentice.bench.pii;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apprentice.bench.BenchInput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Presidio's synthetic evaluation set: sentences with character-span annotations, end exclusive. */
final class PiiDataset {

  /** One annotated span, with the dataset's type mapped to Presidio's. */
  record Span(String type, int start, int end) {

    double iou(int otherStart, int otherEnd) {
      int intersection = Math.max(0, Math.min(end, otherEnd) - Math.max(start, otherStart));
      int union = Math.max(end, otherEnd) - Math.min(start, otherStart);
      return union == 0 ? 0 : (double) intersection / union;
    }
  }

  /** One sentence and its spans. */
  record Sample(String text, List<Span> spans) {}

  /** The presidio-evaluator mapping of this dataset's types onto Presidio's entity names. */
  static final Map<String, String> PRESIDIO_TYPES = Map.of("STREET_ADDRESS", "LOCATION", "GPE", "LOCATION",
      "DOMAIN_NAME", "URL");

  private PiiDataset() {}

  /** The samples of {@code file}; {@link BenchInput.Missing} when it is not there. */
  static List<Sample> load(Path file) throws IOException {
    BenchInput.requireFile(file, "Presidio synth_dataset_v2.json", "pass --data FILE");
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    List<Sample> samples = new ArrayList<>(root.size());
    for (JsonNode row : root) {
      List<Span> spans = new ArrayList<>();
      for (JsonNode span : row.path("spans")) {
        String type = span.path("entity_type").asText();
        spans.add(new Span(PRESIDIO_TYPES.getOrDefault(type, type), span.path("start_position").asInt(),
            span.path("end_position").asInt()));
      }
      samples.add(new Sample(row.path("full_text").asText(), spans));
    }
    return samples;
  }

  /** The dataset at {@code ../shared/data/pii}, found from the repository root or a module directory. */
  static Path defaultPath() {
    Path here = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path dir = here; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/data/pii/synth_dataset_v2.json");
      if (candidate.toFile().isFile()) return candidate;
    }
    return Path.of("/work/shared/data/pii/synth_dataset_v2.json");
  }
}
