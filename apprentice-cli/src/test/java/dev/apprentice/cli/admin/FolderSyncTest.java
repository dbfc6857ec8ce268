package dev.apprentice.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.apprentice.local.collection.Collections;
import dev.apprentice.local.collection.NewDocument;
import dev.apprentice.testing.WordHashEmbedder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

  @Test
  void theFoldersDocumentsAreFoundOnEveryPageOfACollectionLargerThanOne() {
    Path docs = dir.resolve("docs");
    List<NewDocument> added = new ArrayList<>();
    for (String name : List.of("a.txt", "b.txt", "c.txt", "d.txt", "e.txt")) {
      added.add(new NewDocument(name, "text of " + name, docs.resolve(name).toString(), null));
    }
    added.add(new NewDocument("api-added", "kept", null, null));
    Collections collections = new Collections(dir.resolve("collections"), WordHashEmbedder::new);
    collections.create("kb");
    collections.add("kb", added);

    try (CollectionsClient client = new DirectCollectionsClient(collections, () -> {})) {
      assertThat(FolderSync.ofFolder(client, "kb", docs, DocumentFiles.Selection.of("*.txt"), 2))
          .containsExactly("a.txt", "b.txt", "c.txt", "d.txt", "e.txt");
    }
  }

  private JsonNode documents(String id, String source) {
    ArrayNode documents = json.createArrayNode();
    documents.addObject().put("id", id).put("source", source);
    return documents;
  }
}
