package dev.apprentice.guard.injection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Reads labelled JSONL for the injection detector: one object per line with {@code text} and {@code label}
 * ({@code injection} or {@code benign}; {@code 1}/{@code 0} and {@code true}/{@code false} too) and an optional
 * {@code category}. Errors name the line. The built-in set is the project's own examples, shipped in the jar.
 */
public final class TrainingSets {

  /** The name the built-in set goes by in provenance and on the command line. */
  public static final String BUILT_IN = "built-in";

  private static final List<String> BUILT_IN_FILES = List.of("attacks.jsonl", "benign.jsonl");
  private static final ObjectMapper JSON = new ObjectMapper();

  private TrainingSets() {}

  /** The examples Apprentice's default detector is trained on. */
  public static TrainingSet builtIn() {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    List<LabelledText> examples = new ArrayList<>();
    for (String file : BUILT_IN_FILES) {
      try (InputStream in = TrainingSets.class.getResourceAsStream(file)) {
        if (in == null) throw new IllegalStateException("built-in training file " + file + " is missing from the jar");
        byte[] bytes = in.readAllBytes();
        all.writeBytes(bytes);
        examples.addAll(parse(new String(bytes, StandardCharsets.UTF_8), file));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new TrainingSet(examples, BUILT_IN, sha256(all.toByteArray()));
  }

  /** A user's labelled JSONL file; both labels must be present. */
  public static TrainingSet read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("training file not found: " + file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<LabelledText> examples = parse(new String(bytes, StandardCharsets.UTF_8), file.getFileName().toString());
    TrainingSet set = new TrainingSet(examples, file.toAbsolutePath().normalize().toString(), sha256(bytes));
    if (set.injections() == 0 || set.benign() == 0) {
      throw new IllegalArgumentException(file.getFileName() + ": needs both injection and benign examples (found "
          + set.injections() + " injection, " + set.benign() + " benign)");
    }
    return set;
  }

  /** Two sets as one (the built-in set plus a user's own examples, say). */
  public static TrainingSet combined(TrainingSet first, TrainingSet second) {
    List<LabelledText> examples = new ArrayList<>(first.examples());
    examples.addAll(second.examples());
    return new TrainingSet(examples, first.source() + " + " + second.source(),
        sha256((first.sha256() + second.sha256()).getBytes(StandardCharsets.US_ASCII)));
  }

  static List<LabelledText> parse(String content, String name) {
    List<LabelledText> examples = new ArrayList<>();
    String[] lines = content.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) continue;
      examples.add(row(lines[i], name + " line " + (i + 1)));
    }
    if (examples.isEmpty()) throw new IllegalArgumentException(name + ": no examples");
    return examples;
  }

  private static LabelledText row(String line, String where) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(where + ": malformed JSON (" + e.getOriginalMessage() + ")");
    }
    if (!node.isObject()) throw new IllegalArgumentException(where + ": expected a JSON object");
    JsonNode text = node.get("text");
    if (text == null || !text.isTextual() || text.asText().isBlank()) {
      throw new IllegalArgumentException(where + ": 'text' must be a non-empty string");
    }
    return new LabelledText(text.asText(), injection(node.get("label"), where), node.path("category").asText(""));
  }

  private static boolean injection(JsonNode label, String where) {
    if (label == null || label.isNull()) throw new IllegalArgumentException(where + ": 'label' is missing");
    String value = label.asText().strip().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "injection", "1", "true" -> true;
      case "benign", "0", "false" -> false;
      default -> throw new IllegalArgumentException(where + ": 'label' must be injection or benign (or 1/0), got '"
          + label.asText() + "'");
    };
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
