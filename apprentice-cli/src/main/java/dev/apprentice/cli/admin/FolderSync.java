package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code collections add --dir D --sync} removes: the documents of D's files that are no longer there. A document
 * is one of D's files when its id is a path relative to D that the glob in use selects (no hidden part) and its source
 * names that same file, as {@code add --dir D} records it (with or without {@code --file}). Any other document stays:
 * one added through the API (with an explicit id or none, whatever its source), with {@code --file} alone (its id is
 * relative to the working directory), from another folder, or left out by the glob.
 */
final class FolderSync {

  private FolderSync() {}

  /** The ids, among a collection's {@code documents} ({@code [{id, source?}]}), of D's files that are gone. */
  static List<String> gone(JsonNode documents, Path dir, DocumentFiles.Selection selection) {
    Path folder = dir.toAbsolutePath().normalize();
    List<String> gone = new ArrayList<>();
    for (JsonNode document : documents) {
      String id = document.path("id").asText();
      Path file = fileOf(id, document.path("source").asText(null), folder, selection);
      if (file != null && !Files.exists(file)) gone.add(id);
    }
    return gone;
  }

  /** The file of the folder a document was added from, or null when the document is not one of its files. */
  private static Path fileOf(String id, String source, Path folder, DocumentFiles.Selection selection) {
    if (source == null) return null;
    try {
      Path relative = Path.of(id);
      if (relative.isAbsolute() || !DocumentFiles.id(relative).equals(id) || !selection.selects(relative)) return null;
      Path file = folder.resolve(relative);
      return Path.of(source).toAbsolutePath().normalize().equals(file) ? file : null;
    } catch (InvalidPathException e) {
      return null;
    }
  }
}
