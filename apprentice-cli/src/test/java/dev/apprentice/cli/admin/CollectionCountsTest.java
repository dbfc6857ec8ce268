package dev.apprentice.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A collection's documents and chunks are counted as every count the CLI prints is: {@code 12,480}. */
class CollectionCountsTest {

  private static final String KB = """
      {"name": "kb", "documents": 1250, "chunks": 12480, "embedding_model": "bundled", "dimensions": 64,
       "chunk_size": 800, "chunk_overlap": 100, "created_at": "2026-03-01T10:00:00Z"}""";

  @TempDir Path dir;

  /** Answers show, list and add as a server holding {@link #KB} would; nothing else is asked of it. */
  private static final class OneCollection implements CollectionsClient {

    @Override
    public JsonNode create(ObjectNode request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public JsonNode list() {
      return json("{\"data\": [" + KB + "]}");
    }

    @Override
    public JsonNode show(String name) {
      return json(KB);
    }

    @Override
    public JsonNode delete(String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public JsonNode documents(String name, String after, int limit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public JsonNode add(String name, ObjectNode documents) {
      return json("{\"chunks\": 1500, \"truncated_chunks\": 0}");
    }

    @Override
    public JsonNode remove(String name, String documentId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public JsonNode query(String name, ObjectNode query) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }

  private static JsonNode json(String text) {
    try {
      return AdminJson.MAPPER.readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String printed(CollectionCommand command) {
    StringWriter out = new StringWriter();
    command.run(new OneCollection(), new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
    return out.toString();
  }

  @Test
  void showAndListCountDocumentsAndChunksWithThousandsSeparators() {
    CollectionsCommand.Show show = new CollectionsCommand.Show();
    show.name = "kb";
    assertThat(printed(show)).contains("documents   1,250\n", "chunks      12,480\n");
    assertThat(printed(new CollectionsCommand.ListCollections())).containsPattern("kb\\s+1,250\\s+12,480\\s+bundled");
  }

  @Test
  void addCountsTheChunksItAddedTheSameWay() throws Exception {
    CollectionAddCommand add = new CollectionAddCommand();
    add.name = "kb";
    add.files = List.of(Files.writeString(dir.resolve("book.txt"), "a long book"));
    assertThat(printed(add)).startsWith("added 1 document (1,500 chunks) to collection 'kb'");
  }
}
