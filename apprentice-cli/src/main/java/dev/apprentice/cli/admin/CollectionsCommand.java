package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.Embedder;
import dev.apprentice.cli.CommandGroup;
import java.io.PrintWriter;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code apprentice collections create|list|show|delete|add|remove|query}: vector collections for retrieval, on the
 * data directory or a running server. Directly, the embedding model comes from the supplier given (the local model
 * by default; a fake in tests, through picocli's factory).
 */
@Command(name = "collections", mixinStandardHelpOptions = true,
    description = "Manage vector collections for retrieval (on the data directory directly, or on a running server with --url).",
    subcommands = {CollectionsCommand.Create.class, CollectionsCommand.ListCollections.class,
        CollectionsCommand.Show.class, CollectionsCommand.Delete.class, CollectionAddCommand.class,
        CollectionsCommand.Remove.class, CollectionQueryCommand.class})
public final class CollectionsCommand extends CommandGroup {

  private final Supplier<Embedder> embedder;

  /** With the local embedding model of the data directory, loaded when a command first embeds something. */
  public CollectionsCommand() {
    this(null);
  }

  /** With the given embedding model (null: the local one), loaded only when a command embeds something. */
  public CollectionsCommand(Supplier<Embedder> embedder) {
    this.embedder = embedder;
  }

  Supplier<Embedder> embedder() {
    return embedder;
  }

  /** {@code collections create NAME}. */
  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an empty collection.")
  static final class Create extends CollectionCommand {

    @Parameters(paramLabel = "NAME", description = "1-64 lower-case letters, digits, '_' or '-'") String name;
    @Option(names = "--chunk-size", paramLabel = "CHARS", description = "characters per chunk (default: 800)") Integer size;
    @Option(names = "--chunk-overlap", paramLabel = "CHARS", description = "characters shared by neighbouring chunks,"
        + " at most half of a chunk (default: 100, or half of a --chunk-size under 200)")
    Integer overlap;
    @Option(names = "--json", description = "print the admin API's JSON") boolean json;

    @Override
    void run(CollectionsClient client, PrintWriter out, PrintWriter err) {
      ObjectNode request = AdminJson.MAPPER.createObjectNode().put("name", name);
      if (size != null) request.put("chunk_size", size);
      if (overlap != null) request.put("chunk_overlap", overlap);
      JsonNode created = client.create(request);
      out.println(json ? AdminJson.pretty(created) : "created collection '" + name + "' (" + settings(created) + ")");
    }
  }

  /** {@code collections list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List collections with their sizes.")
  static final class ListCollections extends CollectionCommand {

    @Option(names = "--json", description = "print the admin API's JSON") boolean json;

    @Override
    void run(CollectionsClient client, PrintWriter out, PrintWriter err) {
      JsonNode list = client.list();
      if (json) {
        out.println(AdminJson.pretty(list));
        return;
      }
      if (list.path("data").isEmpty()) {
        out.println("no collections yet (create one with: apprentice collections create NAME)");
        return;
      }
      Table table = new Table().column("NAME").number("DOCUMENTS").number("CHUNKS").column("MODEL").column("CHUNKING")
          .column("CREATED");
      for (JsonNode c : list.path("data")) {
        table.row(Cells.text(c, "name"), Cells.count(c, "documents"), Cells.count(c, "chunks"),
            Cells.text(c, "embedding_model"), Cells.text(c, "chunk_size") + "/" + Cells.text(c, "chunk_overlap"),
            Cells.time(c, "created_at"));
      }
      table.print(out);
    }
  }

  /** {@code collections show NAME}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a collection's settings and size.")
  static final class Show extends CollectionCommand {

    @Parameters(paramLabel = "NAME") String name;
    @Option(names = "--json", description = "print the admin API's JSON") boolean json;

    @Override
    void run(CollectionsClient client, PrintWriter out, PrintWriter err) {
      JsonNode c = client.show(name);
      if (json) {
        out.println(AdminJson.pretty(c));
        return;
      }
      out.println("collection  " + Cells.text(c, "name"));
      out.println("documents   " + Cells.count(c, "documents"));
      out.println("chunks      " + Cells.count(c, "chunks"));
      out.println("model       " + Cells.text(c, "embedding_model") + " (" + Cells.text(c, "dimensions") + " dimensions)");
      out.println("chunking    " + Cells.text(c, "chunk_size") + " characters, " + Cells.text(c, "chunk_overlap")
          + " overlap");
      out.println("created     " + Cells.time(c, "created_at"));
    }
  }

  /** {@code collections delete NAME}. */
  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a collection and its index.")
  static final class Delete extends CollectionCommand {

    @Parameters(paramLabel = "NAME") String name;

    @Override
    void run(CollectionsClient client, PrintWriter out, PrintWriter err) {
      client.delete(name);
      out.println("deleted collection '" + name + "'");
    }
  }

  /** {@code collections remove NAME DOC_ID}. */
  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a document (all its chunks).")
  static final class Remove extends CollectionCommand {

    @Parameters(index = "0", paramLabel = "NAME") String name;
    @Parameters(index = "1", paramLabel = "DOC_ID", description = "the document's id (for added files: the relative path)")
    String id;

    @Override
    void run(CollectionsClient client, PrintWriter out, PrintWriter err) {
      client.remove(name, id);
      out.println("removed document '" + id + "' from collection '" + name + "'");
    }
  }

  static String settings(JsonNode c) {
    return "model " + Cells.text(c, "embedding_model") + ", " + Cells.text(c, "dimensions") + " dimensions; chunks of "
        + Cells.text(c, "chunk_size") + " characters, " + Cells.text(c, "chunk_overlap") + " overlap";
  }
}
