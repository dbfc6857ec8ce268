package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.local.collection.DocumentPage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code collections add NAME (--dir FOLDER [--glob G] [--sync] | [--dir FOLDER] --file F ...)}: reads text files and
 * adds each as a document whose id is its path relative to the folder (or, for {@code --file} without one, to the
 * working directory), so that adding it again replaces it: {@code --dir docs --file docs/a.md} replaces the
 * {@code a.md} that {@code --dir docs} added. With {@code --sync}, the folder's documents whose files are gone or
 * empty are then removed ({@link FolderSync} says which are the folder's). The answer says how many documents were new, how many
 * replaced one of the same id (and how many were removed). Every file must be UTF-8 text, checked before any is added;
 * empty ones are skipped. Files go in batches, each committed on its own, with progress on stderr when there is likely
 * more than one.
 */
@Command(name = "add", mixinStandardHelpOptions = true,
    description = "Add text files as documents (id: the relative path; adding a file again replaces it).")
final class CollectionAddCommand extends CollectionCommand {

  /**
   * Files per request; a request is also cut at {@link #BATCH_CHARS} characters of text, a few seconds of embedding
   * on two cores, so that progress shows while a folder of large files is added.
   */
  static final int BATCH_FILES = 32;
  static final int BATCH_CHARS = 100_000;

  @Parameters(paramLabel = "NAME", description = "the collection") String name;
  @Option(names = "--dir", paramLabel = "FOLDER", description = "add the matching files under this folder") Path dir;
  @Option(names = "--file", paramLabel = "F",
      description = "add this file (repeatable); with --dir, a file in that folder, its id its path there") List<Path> files;
  /** The files a folder adds when no {@code --glob} says which. */
  static final String DEFAULT_GLOB = "*.{txt,md}";

  @Option(names = "--glob", paramLabel = "GLOB", description = "with --dir and no --file, the file names to add"
      + " (default: " + DEFAULT_GLOB + "; with a '/', matched on the relative path)")
  String glob;

  @Option(names = "--sync", description = "with --dir, also remove the documents of that folder's files that are"
      + " gone (those whose ids are paths there the glob matches, added from there: never other documents)")
  boolean sync;

  @Override
  void check() {
    boolean named = named();
    if (sync && named) {
      throw AdminFailure.usage("--sync follows a whole --dir; with --file, only the files named are added: leave"
          + " --sync out, or --file");
    }
    if (sync && dir == null) {
      throw AdminFailure.usage("--sync removes the documents of a folder's files that are gone: give --dir FOLDER");
    }
    if (dir == null && !named) {
      throw AdminFailure.usage("give --dir FOLDER, --file F (one or more), or both (the files in that folder)");
    }
    if (glob != null && named) {
      throw AdminFailure.usage("--glob chooses the files of a --dir; with --file, the files named are added: leave"
          + " --glob out, or --file");
    }
    if (glob == null) glob = DEFAULT_GLOB;
  }

  @Override
  void run(CollectionsClient client, PrintWriter out, PrintWriter err) {
    client.show(name);
    List<DocumentFiles.DocumentFile> found = named() ? DocumentFiles.named(files, dir)
        : DocumentFiles.inFolder(dir, glob);
    if (found.isEmpty()) throw AdminFailure.usage("no files matching '" + glob + "' under " + dir);
    DocumentFiles.requireUtf8(found, named());
    List<String> ofFolder = sync ? ofFolder(client) : List.of();
    Set<String> addedIds = new HashSet<>();
    boolean severalRequests = found.size() > BATCH_FILES || DocumentFiles.bytes(found) > BATCH_CHARS;
    Requests requests = new Requests(client, found.size(), severalRequests ? err : null);
    int skipped = 0;
    for (DocumentFiles.DocumentFile file : found) {
      String text = DocumentFiles.read(file.path());
      if (text == null) { // changed since it was checked
        throw DocumentFiles.notUtf8(file.path(), 0, named()).extended("; the " + requests.added + " files before were added");
      }
      if (text.isBlank()) {
        err.println("apprentice: skipped " + file.path() + " (empty)");
        skipped++;
        requests.seen++;
      } else {
        requests.add(file, text);
        addedIds.add(file.id());
      }
    }
    requests.send();
    int removed = remove(client, ofFolder.stream().filter(id -> !addedIds.contains(id)).toList());
    out.println("added " + Cells.count(requests.added, "document") + " (" + Cells.count(requests.chunks, "chunk")
        + ") to collection '" + name + "': " + Cells.count(requests.added - requests.replaced) + " new, "
        + Cells.count(requests.replaced) + " replaced (an id already there)"
        + (sync ? ", " + Cells.count(removed) + " removed (its file gone from " + dir + ")" : "")
        + (skipped > 0 ? "; skipped " + Cells.count(skipped) : ""));
    if (requests.truncated > 0) {
      out.println(requests.truncated + " chunks were longer than the embedding model's window and were embedded from"
          + " their start; a smaller --chunk-size avoids that");
    }
  }

  /**
   * The ids of the folder's documents, listed before anything is added, so that a server that cannot list them refuses
   * {@code --sync} with nothing added (and a file that cannot be read stops the add before anything is removed); those
   * this add did not send again, their files gone or empty, are removed once it is done.
   */
  private List<String> ofFolder(CollectionsClient client) {
    try {
      return FolderSync.ofFolder(client, name, dir, DocumentFiles.Selection.of(glob), DocumentPage.MAX_LIMIT);
    } catch (AdminFailure e) {
      throw e.extended(" (listing the documents of collection '" + name + "' for --sync); nothing was added");
    }
  }

  /** Removes the documents, once every file was added; how many. */
  private int remove(CollectionsClient client, List<String> ids) {
    int removed = 0;
    for (String id : ids) {
      try {
        client.remove(name, id);
      } catch (AdminFailure e) {
        throw e.extended(" (removing '" + id + "' for --sync; every file was added"
            + (removed > 0 ? ", and " + removed + " documents of files gone were removed" : "") + ")");
      }
      removed++;
    }
    return removed;
  }

  /** Whether the files were named one by one ({@code --file}), rather than chosen among a folder's by the glob. */
  private boolean named() {
    return files != null && !files.isEmpty();
  }

  /**
   * The files of the request being filled, and what the requests sent so far added. A file that would take a request
   * past {@link #BATCH_CHARS} goes in the next one, so that a large file is sent alone: refused (over a server's body
   * limit), it names itself and holds no smaller file back.
   */
  private final class Requests {

    private final CollectionsClient client;
    private final int files;
    private final PrintWriter progress;
    private ArrayNode batch = AdminJson.MAPPER.createArrayNode();
    private final List<String> paths = new ArrayList<>();
    private long batchChars;
    int seen;
    int added;
    long chunks;
    long truncated;
    int replaced;

    Requests(CollectionsClient client, int files, PrintWriter progress) {
      this.client = client;
      this.files = files;
      this.progress = progress;
    }

    void add(DocumentFiles.DocumentFile file, String text) {
      if (!batch.isEmpty() && batchChars + text.length() > BATCH_CHARS) send();
      // the absolute path, so that a later --sync of the folder knows the document as its file from anywhere
      String source = file.path().toAbsolutePath().normalize().toString();
      batch.addObject().put("id", file.id()).put("text", text).put("source", source);
      paths.add(file.path().toString());
      batchChars += text.length();
      seen++;
      if (batch.size() >= BATCH_FILES || batchChars >= BATCH_CHARS) send();
    }

    void send() {
      if (batch.isEmpty()) return;
      ObjectNode request = AdminJson.MAPPER.createObjectNode();
      request.set("documents", batch);
      JsonNode answer;
      try {
        answer = client.add(name, request);
      } catch (AdminFailure e) {
        throw e.extended(" (adding " + (paths.size() == 1 ? paths.getFirst() : paths.size() + " files from "
            + paths.getFirst()) + ")" + (added > 0 ? "; the " + added + " files before were added" : ""));
      }
      added += batch.size();
      chunks += answer.path("chunks").asLong();
      truncated += answer.path("truncated_chunks").asLong();
      replaced += answer.path("replaced_document_ids").size();
      batch = AdminJson.MAPPER.createArrayNode();
      paths.clear();
      batchChars = 0;
      if (progress != null) progress.printf(Locale.ROOT, "  %,d/%,d files, %,d chunks%n", seen, files, chunks);
    }
  }
}
