package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code collections add NAME (--dir FOLDER | --file F ...) [--glob G]}: reads text files and adds each as a
 * document whose id is its relative path (adding it again replaces it). Files go in batches, each committed on its
 * own, with progress on stderr when there is more than one.
 */
@Command(name = "add", mixinStandardHelpOptions = true,
    description = "Add text files as documents (id: the relative path; adding a file again replaces it).")
final class CollectionAddCommand extends CollectionCommand {

  /** Files per request; a request is also cut at {@link #BATCH_CHARS} characters of text. */
  static final int BATCH_FILES = 32;
  static final int BATCH_CHARS = 1_000_000;

  @Parameters(paramLabel = "NAME", description = "the collection") String name;
  @Option(names = "--dir", paramLabel = "FOLDER", description = "add the matching files under this folder") Path dir;
  @Option(names = "--file", paramLabel = "F", description = "add this file (repeatable)") List<Path> files;
  @Option(names = "--glob", paramLabel = "GLOB", defaultValue = "*.{txt,md}",
      description = "with --dir, the file names to add (default: ${DEFAULT-VALUE}; with a '/', matched on the relative path)")
  String glob;

  @Override
  void check() {
    if ((dir == null) == (files == null || files.isEmpty())) {
      throw AdminFailure.usage("give either --dir FOLDER or --file F (one or more), not both");
    }
  }

  @Override
  void run(CollectionsClient client, PrintWriter out, PrintWriter err) {
    client.show(name);
    List<DocumentFiles.DocumentFile> found = dir != null ? DocumentFiles.inFolder(dir, glob) : DocumentFiles.named(files);
    if (found.isEmpty()) throw AdminFailure.usage("no files matching '" + glob + "' under " + dir);
    boolean progress = found.size() > BATCH_FILES;
    int added = 0;
    int skipped = 0;
    long chunks = 0;
    long truncated = 0;
    ArrayNode batch = AdminJson.MAPPER.createArrayNode();
    long batchChars = 0;
    for (int i = 0; i < found.size(); i++) {
      DocumentFiles.DocumentFile file = found.get(i);
      String text = DocumentFiles.read(file.path());
      if (text == null || text.isBlank()) {
        err.println("apprentice: skipped " + file.path() + (text == null ? " (not UTF-8 text)" : " (empty)"));
        skipped++;
      } else {
        batch.addObject().put("id", file.id()).put("text", text).put("source", file.path().toString());
        batchChars += text.length();
      }
      boolean last = i == found.size() - 1;
      if (!batch.isEmpty() && (last || batch.size() >= BATCH_FILES || batchChars >= BATCH_CHARS)) {
        ObjectNode request = AdminJson.MAPPER.createObjectNode();
        request.set("documents", batch);
        JsonNode answer = client.add(name, request);
        added += batch.size();
        chunks += answer.path("chunks").asLong();
        truncated += answer.path("truncated_chunks").asLong();
        batch = AdminJson.MAPPER.createArrayNode();
        batchChars = 0;
        if (progress) err.printf("  %d/%d files, %d chunks%n", i + 1, found.size(), chunks);
      }
    }
    out.println("added " + added + " document" + (added == 1 ? "" : "s") + " (" + chunks + " chunk"
        + (chunks == 1 ? "" : "s") + ") to collection '" + name + "'" + (skipped > 0 ? "; skipped " + skipped : ""));
    if (truncated > 0) {
      out.println(truncated + " chunks were longer than the embedding model's window and were embedded from their start;"
          + " a smaller --chunk-size avoids that");
    }
  }
}
