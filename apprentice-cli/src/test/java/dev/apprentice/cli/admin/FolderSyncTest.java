package dev.apprentice.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderSyncTest {

  @TempDir Path dir;

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void aDocumentWhoseSourceIsTheFolderFilesAbsolutePathIsOneOfTheFolders() {
    Path docs = dir.resolve("docs");
    JsonNode documents = documents("a.txt", docs.resolve("a.txt").toString());

    assertThat(FolderSync.ofFolder(documents, docs, DocumentFiles.Selection.of("*.{txt,md}"))).containsExactly("a.txt");
  }

  @Test
  void aRelativeSourceIsNeverTakenForTheFoldersEvenWhenItResolvesThereFromTheWorkingDirectory() {
    // a relative source says nothing of the folder it was added from: `cd /a; add --dir docs`, then
    // `cd /b; add --dir docs --sync` must not remove /a/docs's documents
    Path docs = dir.resolve("docs");
    String relative = Path.of("").toAbsolutePath().relativize(docs.resolve("a.txt")).toString();
    JsonNode documents = documents("a.txt", relative);

    assertThat(FolderSync.ofFolder(documents, docs, DocumentFiles.Selection.of("*.{txt,md}"))).isEmpty();
  }

  private JsonNode documents(String id, String source) {
    ArrayNode documents = json.createArrayNode();
    documents.addObject().put("id", id).put("source", source);
    return documents;
  }
}
