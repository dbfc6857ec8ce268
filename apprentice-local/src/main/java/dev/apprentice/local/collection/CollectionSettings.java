package dev.apprentice.local.collection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.retrieval.CollectionName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * What a collection was made with, kept in {@code collection.json} beside its index: the embedding model and its
 * dimensions (a collection answers only with the same model), the chunk size and overlap in characters, and when it
 * was created.
 */
public record CollectionSettings(String name, String embeddingModel, int dimensions, int chunkSize, int chunkOverlap,
    Instant createdAt) {

  /** The file name beside the index. */
  static final String FILE = "collection.json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int FORMAT = 1;

  /** Refuses a name that is not 1-64 lower-case letters, digits, '_' or '-', starting with a letter or digit. */
  public static void checkName(String name) {
    if (!CollectionName.isValid(name)) {
      throw CollectionException.invalid("name", CollectionName.RULE + "; got " + (name == null ? "none" : "'" + name
          + "'"));
    }
  }

  /** The chunker these settings describe. */
  public Chunker chunker() {
    return new Chunker(chunkSize, chunkOverlap);
  }

  void write(Path dir) throws IOException {
    ObjectNode node = JSON.createObjectNode();
    node.put("format", FORMAT);
    node.put("name", name);
    node.put("embedding_model", embeddingModel);
    node.put("dimensions", dimensions);
    node.put("chunk_size", chunkSize);
    node.put("chunk_overlap", chunkOverlap);
    node.put("created_at", createdAt.toString());
    Path temp = Files.createTempFile(dir, ".collection", ".json");
    Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
    Files.move(temp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The settings file in {@code dir} as it is now, or null when there is none: it changes when the collection is
   * deleted and made again, by this process or another (its creation time is in it; the file's inode may be reused).
   */
  static String fileContents(Path dir) {
    try {
      return Files.readString(dir.resolve(FILE));
    } catch (IOException e) {
      return null;
    }
  }

  /** The settings in {@code json}, the {@link #fileContents contents} of the settings file in {@code dir}. */
  static CollectionSettings read(Path dir, String json) {
    Path file = dir.resolve(FILE);
    try {
      JsonNode node = JSON.readTree(json);
      String model = node.path("embedding_model").asText(null);
      int dimensions = node.path("dimensions").asInt(0);
      if (model == null || dimensions <= 0 || node.path("format").asInt() != FORMAT) {
        throw new IOException("missing embedding_model, dimensions or format " + FORMAT);
      }
      int size = node.path("chunk_size").asInt(Chunker.DEFAULT_SIZE);
      return new CollectionSettings(node.path("name").asText(dir.getFileName().toString()), model, dimensions,
          size, node.path("chunk_overlap").asInt(Chunker.defaultOverlap(size)),
          Instant.parse(node.path("created_at").asText()));
    } catch (IOException | DateTimeParseException e) {
      throw new CollectionException(CollectionException.Reason.UNAVAILABLE, null,
          "cannot read the settings of collection '" + dir.getFileName() + "' (" + file + "): " + why(e), e);
    }
  }

  /** What is wrong with the file, in words (the JSON parser's own message names its Java settings). */
  private static String why(Exception e) {
    if (e instanceof JsonProcessingException json && json.getLocation() != null) {
      return "not valid JSON (line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr()
          + ")";
    }
    return e.getMessage();
  }
}
