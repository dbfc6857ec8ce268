package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code collections add --dir D --sync} removes: the documents of D's files that it did not add again, their
 * files gone or emptied. A document is one of D's files when its id is a path relative to D that the glob in use
 * selects (no hidden part) and its source is that same file's absolute path, as {@code add --dir D} records it (with
 * or without {@code --file}). Any other document stays: one added through the API (with an explicit id or none,
 * whatever its source), with {@code --file} alone (its id is relative to the working directory), from another folder,
 * left out by the glob, or one whose source is relative — as adds before sources were recorded absolute kept them —,
 * since a relative source does not say which folder it was added from ({@code cd /a; add --dir docs}, then {@code cd
 * /b; add --dir docs --sync} must not remove /a/docs's documents).
 */
final class FolderSync {

  private FolderSync() {}

  /**
   * The ids of D's files among the documents of collection {@code name}, read a page of {@code pageSize} at a time:
   * what a collection of any size holds is never all in memory at once, only the folder's ids.
   */
  static List<String> ofFolder(CollectionsClient client, String name, Path dir, DocumentFiles.Selection selection,
      int pageSize) {
    List<String> ofFolder = new ArrayList<>();
    String after = null;
    while (true) {
      JsonNode page = client.documents(name, after, pageSize);
      JsonNode documents = page.path("data");
      ofFolder.addAll(ofFolder(documents, dir, selection));
      if (!page.path("has_more").asBoolean(false) || documents.isEmpty()) return ofFolder;
      after = documents.get(documents.size() - 1).path("id").asText();
    }
  }

  /** The ids, among a collection's {@code documents} ({@code [{id, source?}]}), of D's files. */
  static List<String> ofFolder(JsonNode documents, Path dir, DocumentFiles.Selection selection) {
    Path folder = dir.toAbsolutePath().normalize();
    List<String> ofFolder = new ArrayList<>();
    for (JsonNode document : documents) {
      String id = document.path("id").asText();
      if (isFileOf(id, document.path("source").asText(null), folder, selection)) ofFolder.add(id);
    }
    return ofFolder;
  }

  /** Whether a document was added from the file {@code id} names in the folder. */
  private static boolean isFileOf(String id, String source, Path folder, DocumentFiles.Selection selection) {
    if (source == null) return false;
    try {
      Path relative = Path.of(id);
      if (relative.isAbsolute() || !DocumentFiles.id(relative).equals(id) || !selection.selects(relative)) return false;
      Path file = Path.of(source);
      return file.isAbsolute() && file.normalize().equals(folder.resolve(relative));
    } catch (InvalidPathException e) {
      return false;
    }
  }
}
