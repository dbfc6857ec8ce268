package dev.apprentice.cli.admin;

import dev.apprentice.testing.WordHashEmbedder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apprentice.gateway.config.ConfigLoader;
import dev.apprentice.server.ApprenticeServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code apprentice collections ...} on a data directory, and the same commands against a server with --url. */
class CollectionsCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private Cli.Run collections(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "collections";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--data-dir";
    all[args.length + 2] = dir.resolve("data").toString();
    return CollectionsCli.run(WordHashEmbedder::new, all);
  }

  private Path folder() throws Exception {
    Path docs = Files.createDirectories(dir.resolve("docs/guides"));
    Files.writeString(docs.resolve("refunds.md"), "How to get a refund for an order.\r\n\r\nRefunds take five days.");
    Files.writeString(dir.resolve("docs/shipping.txt"), "Parcels are shipped within two days.");
    Files.writeString(dir.resolve("docs/empty.txt"), "  \n");
    Files.writeString(dir.resolve("docs/image.png"), "not text");
    Files.createDirectories(dir.resolve("docs/.git"));
    Files.writeString(dir.resolve("docs/.git/HEAD.txt"), "ref: main");
    return dir.resolve("docs");
  }

  @Test
  void aFolderIsAddedQueriedTrimmedAndDeletedOnTheDataDirectory() throws Exception {
    Path docs = folder();
    Cli.Run created = collections("create", "kb", "--chunk-size", "300", "--chunk-overlap", "30");
    assertThat(created.exit()).as(created.err()).isZero();
    assertThat(created.out()).contains("created collection 'kb'").contains("test/word-hash").contains("300 characters");

    Cli.Run added = collections("add", "kb", "--dir", docs.toString());
    assertThat(added.exit()).as(added.err()).isZero();
    assertThat(added.out()).contains("added 2 documents (2 chunks) to collection 'kb': 2 new, 0 replaced (an id"
        + " already there); skipped 1");
    assertThat(added.err()).contains("empty.txt (empty)").doesNotContain("HEAD");

    Cli.Run listed = collections("list");
    assertThat(listed.out()).contains("NAME").containsPattern("kb\\s+2\\s+2\\s+test/word-hash\\s+300/30");
    assertThat(collections("show", "kb").out()).contains("documents   2").contains("64 dimensions");

    Cli.Run query = collections("query", "kb", "refund order", "-k", "1");
    assertThat(query.exit()).as(query.err()).isZero();
    assertThat(query.out()).containsPattern("1\\. 0\\.\\d{4}  guides/refunds\\.md#0").contains("How to get a refund");
    JsonNode json = JSON.readTree(collections("query", "kb", "parcels shipped", "--json").out());
    assertThat(json.path("results").get(0).path("document_id").asText()).isEqualTo("shipping.txt");
    assertThat(json.path("results")).hasSize(2);

    assertThat(collections("remove", "kb", "guides/refunds.md").out()).contains("removed document 'guides/refunds.md'");
    assertThat(collections("show", "kb").out()).contains("documents   1");
    Files.writeString(docs.resolve("shipping.txt"), "Parcels now ship the same day.");
    Cli.Run one = collections("add", "kb", "--file", docs.resolve("shipping.txt").toString());
    assertThat(one.out()).as("named outside the working directory: its absolute path is its id")
        .contains("added 1 document (1 chunk) to collection 'kb': 1 new, 0 replaced");
    assertThat(collections("show", "kb", "--json").out()).contains("\"documents\" : 2");

    assertThat(collections("delete", "kb").out()).contains("deleted collection 'kb'");
    assertThat(collections("list").out()).contains("no collections yet");
  }

  @Test
  void aLargeFolderGoesInBatchesWithProgress() throws Exception {
    Path docs = Files.createDirectories(dir.resolve("many"));
    for (int i = 0; i < 70; i++) Files.writeString(docs.resolve("note-" + i + ".txt"), "note number " + i);
    assertThat(collections("create", "notes").exit()).isZero();
    Cli.Run added = collections("add", "notes", "--dir", docs.toString(), "--glob", "*.txt");
    assertThat(added.out()).contains("added 70 documents (70 chunks)");
    assertThat(added.err()).contains("32/70 files").contains("70/70 files");
  }

  @Test
  void aFewLargeFilesGoInSeveralRequestsWithProgress() throws Exception {
    Path docs = Files.createDirectories(dir.resolve("books"));
    for (int i = 1; i <= 3; i++) Files.writeString(docs.resolve("book-" + i + ".txt"), ("chapter " + i + " text. ").repeat(6_000));
    assertThat(collections("create", "books").exit()).isZero();
    Cli.Run added = collections("add", "books", "--dir", docs.toString());
    assertThat(added.exit()).as(added.err()).isZero();
    assertThat(added.out()).contains("added 3 documents");
    assertThat(added.err()).contains("1/3 files").contains("2/3 files").contains("3/3 files");
  }

  @Test
  void smallChunksWithoutAnOverlapShareHalfAChunkInsteadOfTheDefaultThatWouldNotFit() {
    Cli.Run small = collections("create", "small", "--chunk-size", "150");
    assertThat(small.exit()).as(small.err()).isZero();
    assertThat(small.out()).contains("chunks of 150 characters, 75 overlap");

    Cli.Run usual = collections("create", "usual", "--chunk-size", "500");
    assertThat(usual.out()).as("the default where it fits").contains("chunks of 500 characters, 100 overlap");
    assertOneLine(collections("create", "x", "--chunk-size", "150", "--chunk-overlap", "100"), 2,
        "apprentice: chunk_overlap must be 0 to half of chunk_size (75 characters); got 100");
  }

  @Test
  void aFileNamedWithTheFolderItWasAddedFromReplacesItsDocumentRatherThanAddingAnOutdatedCopyBesideIt() throws Exception {
    Path docs = folder();
    assertThat(collections("create", "kb").exit()).isZero();
    assertThat(collections("add", "kb", "--dir", docs.toString()).exit()).isZero();
    Files.writeString(docs.resolve("guides/refunds.md"), "Refunds now take two days.");

    Cli.Run again = collections("add", "kb", "--dir", docs.toString(), "--file",
        docs.resolve("guides/refunds.md").toString());

    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).contains("added 1 document (1 chunk) to collection 'kb': 0 new, 1 replaced");
    assertThat(collections("show", "kb").out()).contains("documents   2");
    JsonNode hits = JSON.readTree(collections("query", "kb", "how long do refunds take", "--json").out());
    assertThat(hits.path("results").findValuesAsText("text")).contains("Refunds now take two days.")
        .noneMatch(text -> text.contains("five days"));
  }

  @Test
  void aFileThatIsNotUtf8IsRefusedByNameBeforeAnyFileIsAddedNotSkippedWhileTheCommandSucceeds() throws Exception {
    Path docs = folder();
    Files.write(docs.resolve("travel.txt"), "Luggage is covered.\nGep\u00e4ck bis 2.000 EUR.\n"
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    Files.write(docs.resolve("guides/binary.md"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
    assertThat(collections("create", "kb").exit()).isZero();

    Cli.Run refused = collections("add", "kb", "--dir", docs.toString());

    assertOneLine(refused, 2, "apprentice: " + docs.resolve("guides/binary.md") + " line 1: not UTF-8 text (the file"
        + " must be UTF-8 throughout); so is 1 more file: convert such files to UTF-8 (iconv -f WINDOWS-1252 -t UTF-8,"
        + " say) or leave them out with --glob; nothing was added");
    assertThat(collections("show", "kb").out()).contains("documents   0");
    Cli.Run named = collections("add", "kb", "--file", docs.resolve("travel.txt").toString());
    assertOneLine(named, 2, "apprentice: " + docs.resolve("travel.txt") + " line 2: not UTF-8 text");
    assertThat(named.err()).as("--glob beside --file is refused: the advice is to leave the file out")
        .endsWith(": convert such files to UTF-8 (iconv -f WINDOWS-1252 -t UTF-8, say) or leave out their --file;"
            + " nothing was added\n");
    Cli.Run rest = collections("add", "kb", "--dir", docs.toString(), "--glob", "{shipping.txt,guides/refunds.md}");
    assertThat(rest.out()).as(rest.err()).contains("added 2 documents");
  }

  @Test
  void mistakesExitNonZeroWithOneLine() throws Exception {
    Path docs = folder();
    assertOneLine(collections("query", "nope", "x"), 2, "apprentice: no collection named 'nope'");
    assertOneLine(collections("create", "Bad Name"), 2, "apprentice: a collection name is 1-64 lower-case letters");
    assertThat(collections("create", "kb").exit()).isZero();
    assertOneLine(collections("create", "kb"), 2, "apprentice: a collection named 'kb' exists already");
    assertOneLine(collections("add", "kb"), 2, "apprentice: give --dir FOLDER, --file F (one or more), or both");
    assertOneLine(collections("add", "kb", "--dir", docs.resolve("guides").toString(), "--file",
        docs.resolve("shipping.txt").toString()), 2, "apprentice: --file " + docs.resolve("shipping.txt")
        + " is not in --dir " + docs.resolve("guides") + ": its id is its path there");
    assertOneLine(collections("add", "kb", "--dir", docs.toString(), "--glob", "*.pdf"), 2, "apprentice: no files matching");
    assertOneLine(collections("query", "kb", "x", "-k", "0"), 2, "apprentice: -k must be a positive whole number");
    assertOneLine(collections("remove", "kb", "missing.txt"), 2, "apprentice: no document 'missing.txt'");
    assertOneLine(collections("create", "x", "--chunk-overlap", "900"), 2, "apprentice: chunk_overlap must be 0 to half");
    assertOneLine(collections("add", "kb", "--sync"), 2, "apprentice: --sync removes the documents of a folder's files"
        + " that are gone: give --dir FOLDER");
    assertOneLine(collections("add", "kb", "--sync", "--dir", docs.toString(), "--file",
        docs.resolve("shipping.txt").toString()), 2, "apprentice: --sync follows a whole --dir; with --file, only the"
        + " files named are added: leave --sync out, or --file");
  }

  @Test
  void aFolderGivenAsARelativePathRecordsEachFilesAbsolutePathAsItsSource() throws Exception {
    Path docs = folder();
    String relative = Path.of("").toAbsolutePath().relativize(docs).toString();
    assertThat(collections("create", "kb").exit()).isZero();
    assertThat(collections("add", "kb", "--dir", relative).exit()).isZero();

    JsonNode json = JSON.readTree(collections("query", "kb", "parcels shipped", "-k", "1", "--json").out());
    assertThat(json.path("results").get(0).path("source").asText())
        .as("a later --sync from another working directory must know the file: its absolute path")
        .isEqualTo(docs.resolve("shipping.txt").toString());
  }

  @Test
  void aSyncedFolderRemovesTheDocumentsOfItsDeletedFilesAndNoOthers() throws Exception {
    Path docs = folder();
    Path other = Files.createDirectories(dir.resolve("other"));
    Files.writeString(other.resolve("policy.md"), "A policy kept in another folder.");
    assertThat(collections("create", "kb").exit()).isZero();
    assertThat(collections("add", "kb", "--dir", docs.toString()).exit()).isZero();
    assertThat(collections("add", "kb", "--dir", other.toString()).exit()).as("id policy.md, from another folder").isZero();
    assertThat(collections("add", "kb", "--file", docs.resolve("guides/refunds.md").toString()).exit())
        .as("named alone outside the working directory: its id is its absolute path").isZero();
    Files.delete(docs.resolve("guides/refunds.md"));

    Cli.Run synced = collections("add", "kb", "--dir", docs.toString(), "--sync");

    assertThat(synced.exit()).as(synced.err()).isZero();
    assertThat(synced.out()).contains("added 1 document (1 chunk) to collection 'kb': 0 new, 1 replaced (an id already"
        + " there), 1 removed (its file gone from " + docs + "); skipped 1");
    assertOneLine(collections("remove", "kb", "guides/refunds.md"), 2, "apprentice: no document 'guides/refunds.md'");
    assertThat(collections("show", "kb").out()).as("shipping.txt, policy.md and the absolute one")
        .contains("documents   3");

    Files.delete(docs.resolve("shipping.txt"));
    Files.writeString(docs.resolve("returns.md"), "Returns are free.");
    Cli.Run onlyMarkdown = collections("add", "kb", "--dir", docs.toString(), "--glob", "*.md", "--sync");
    assertThat(onlyMarkdown.out()).as("shipping.txt is not a file of the glob in use")
        .contains("1 new, 0 replaced (an id already there), 0 removed");
    assertThat(collections("show", "kb").out()).contains("documents   4");
  }

  @Test
  void aSyncRemovesTheDocumentOfAFileEmptiedSinceItWasAddedRatherThanKeepItsOldText() throws Exception {
    Path docs = folder();
    assertThat(collections("create", "kb").exit()).isZero();
    assertThat(collections("add", "kb", "--dir", docs.toString()).exit()).isZero();
    Files.writeString(docs.resolve("shipping.txt"), "\n");

    Cli.Run synced = collections("add", "kb", "--dir", docs.toString(), "--sync");

    assertThat(synced.exit()).as(synced.err()).isZero();
    assertThat(synced.out()).contains("0 new, 1 replaced (an id already there), 1 removed");
    assertOneLine(collections("remove", "kb", "shipping.txt"), 2, "apprentice: no document 'shipping.txt'");
  }

  @Test
  void aSyncOverUrlKeepsWhatTheApiAddedAndRemovesNothingWhenAFileFailsMidway() throws Exception {
    Path docs = Files.createDirectories(dir.resolve("mixed"));
    for (String file : List.of("a.txt", "b.txt", "gone.txt")) Files.writeString(docs.resolve(file), "About " + file);
    var config = ConfigLoader.parse("""
        server: { max_body_bytes: 1000000 }
        providers:
          sim: { type: simulator }
        models:
          sim-echo: { targets: [ { provider: sim, model: sim-echo } ] }
        """, Map.of()).withServer("127.0.0.1", 0).withDataDir(dir.resolve("served").toString());
    try (ApprenticeServer server = ApprenticeServer.start(config, Map.of(), "key-for-cli", Clock.systemUTC(),
        WordHashEmbedder::new)) {
      String[] remote = {"--url", "http://127.0.0.1:" + server.port(), "--admin-key", "key-for-cli"};
      assertThat(remoteRun(remote, "collections", "create", "kb").exit()).isZero();
      assertThat(remoteRun(remote, "collections", "add", "kb", "--dir", docs.toString()).exit()).isZero();
      assertThat(postDocuments(server.port(), """
          {"documents": [{"id": "retired.txt", "text": "A retired policy."},
                         {"id": "c.txt", "text": "From the intranet.", "source": "https://intranet/c.txt"}]}""")
      ).isEqualTo(200);
      Files.delete(docs.resolve("gone.txt"));
      Files.writeString(docs.resolve("z-book.txt"), "word ".repeat(220_000));

      Cli.Run failed = remoteRun(remote, "collections", "add", "kb", "--dir", docs.toString(), "--sync");

      assertThat(failed.exit()).as(failed.err()).isOne();
      // the server refuses the body as too large: a 413, or, when it closes the connection before the client has
      // read that answer (the client is still sending), a connection ended — either way the add stops at that file
      assertThat(failed.err()).containsPattern("\\(HTTP 413\\)|received no bytes|connection")
          .contains("z-book.txt").contains("the 2 files before were added");
      assertThat(remoteRun(remote, "collections", "list").out()).as("gone.txt is still there")
          .containsPattern("kb\\s+5\\s+5");

      Files.delete(docs.resolve("z-book.txt"));
      Cli.Run synced = remoteRun(remote, "collections", "add", "kb", "--dir", docs.toString(), "--sync");
      assertThat(synced.out()).as(synced.err()).contains("0 new, 2 replaced (an id already there), 1 removed");
      assertThat(remoteRun(remote, "collections", "list").out()).containsPattern("kb\\s+4\\s+4");
      assertOneLine(remoteRun(remote, "collections", "remove", "kb", "gone.txt"), 2, "apprentice: no document");
    }
  }

  /** Adds documents through the admin API, as a client other than the CLI would; the answer's status. */
  private static int postDocuments(int port, String body) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/admin/collections/kb/documents")).header("authorization", "Bearer key-for-cli")
          .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
  }

  @Test
  void aGlobBesideFilesNamedOneByOneIsRefusedRatherThanIgnored() throws Exception {
    Path docs = folder();
    assertThat(collections("create", "kb").exit()).isZero();
    for (String[] where : new String[][] {{}, {"--dir", docs.toString()}}) {
      List<String> args = new ArrayList<>(List.of("add", "kb", "--glob", "*.md", "--file",
          docs.resolve("shipping.txt").toString()));
      args.addAll(List.of(where));
      assertOneLine(collections(args.toArray(String[]::new)), 2, "apprentice: --glob chooses the files of a --dir; with"
          + " --file, the files named are added: leave --glob out, or --file");
    }
  }

  @Test
  void theSameCommandsWorkOnARunningServerWithUrl() throws Exception {
    Path docs = folder();
    var config = ConfigLoader.parse("""
        providers:
          sim: { type: simulator }
        models:
          sim-echo: { targets: [ { provider: sim, model: sim-echo } ] }
        """, Map.of()).withServer("127.0.0.1", 0).withDataDir(dir.resolve("served").toString());
    try (ApprenticeServer server = ApprenticeServer.start(config, Map.of(), "key-for-cli", Clock.systemUTC(),
        WordHashEmbedder::new)) {
      String[] remote = {"--url", "http://127.0.0.1:" + server.port(), "--admin-key", "key-for-cli"};
      assertThat(remoteRun(remote, "collections", "create", "kb").out()).contains("created collection 'kb'");
      assertThat(remoteRun(remote, "collections", "add", "kb", "--dir", docs.toString()).out()).contains("added 2 documents");
      assertThat(remoteRun(remote, "collections", "query", "kb", "refund").out()).contains("guides/refunds.md#0");
      assertThat(remoteRun(remote, "collections", "remove", "kb", "guides/refunds.md").exit()).isZero();
      assertOneLine(remoteRun(remote, "collections", "show", "nope"), 2, "apprentice: no collection named 'nope' (HTTP 404)");
      assertThat(remoteRun(remote, "collections", "list").out()).containsPattern("kb\\s+1\\s+1");
      assertThat(remoteRun(remote, "collections", "delete", "kb").exit()).isZero();
    }
  }

  @Test
  void besideAServerOnTheDataDirectoryReadsWorkAndWritesToWhatItHoldsAreRefusedPointingToUrl() throws Exception {
    Path docs = folder();
    var config = ConfigLoader.parse("""
        providers:
          sim: { type: simulator }
        models:
          sim-echo: { targets: [ { provider: sim, model: sim-echo } ] }
        """, Map.of()).withServer("127.0.0.1", 0).withDataDir(dir.resolve("data").toString());
    try (ApprenticeServer server = ApprenticeServer.start(config, Map.of(), "key-for-cli", Clock.systemUTC(),
        WordHashEmbedder::new)) {
      String[] remote = {"--url", "http://127.0.0.1:" + server.port(), "--admin-key", "key-for-cli"};
      assertThat(remoteRun(remote, "collections", "create", "kb").exit()).isZero();
      assertThat(remoteRun(remote, "collections", "add", "kb", "--dir", docs.toString()).exit()).isZero();

      Cli.Run listed = collections("list");
      assertThat(listed.exit()).as(listed.err()).isZero();
      assertThat(listed.out()).containsPattern("kb\\s+2\\s+2");
      assertThat(collections("show", "kb").out()).contains("documents   2");
      Cli.Run query = collections("query", "kb", "refund order", "-k", "1");
      assertThat(query.exit()).as(query.err()).isZero();
      assertThat(query.out()).contains("guides/refunds.md#0");

      assertOneLine(collections("add", "kb", "--file", docs.resolve("shipping.txt").toString()), 1,
          "apprentice: collection 'kb' is in use by another process");
      assertThat(collections("delete", "kb").err()).contains("in use by another process", "--url");
      assertThat(remoteRun(remote, "collections", "list").out()).containsPattern("kb\\s+2\\s+2");
    }
  }

  @Test
  void aFileOverTheServersBodyLimitIsRefusedByNameWithoutHoldingBackTheFilesBeforeIt() throws Exception {
    Path docs = Files.createDirectories(dir.resolve("mixed"));
    Files.writeString(docs.resolve("a.txt"), "Parcels are shipped within two days.");
    Files.writeString(docs.resolve("b.txt"), "Refunds take five days.");
    Files.writeString(docs.resolve("z-book.txt"), "word ".repeat(220_000));
    var config = ConfigLoader.parse("""
        server: { max_body_bytes: 1000000 }
        providers:
          sim: { type: simulator }
        models:
          sim-echo: { targets: [ { provider: sim, model: sim-echo } ] }
        """, Map.of()).withServer("127.0.0.1", 0).withDataDir(dir.resolve("served").toString());
    try (ApprenticeServer server = ApprenticeServer.start(config, Map.of(), "key-for-cli", Clock.systemUTC(),
        WordHashEmbedder::new)) {
      String[] remote = {"--url", "http://127.0.0.1:" + server.port(), "--admin-key", "key-for-cli"};
      assertThat(remoteRun(remote, "collections", "create", "kb").exit()).isZero();

      Cli.Run added = remoteRun(remote, "collections", "add", "kb", "--dir", docs.toString());

      assertThat(added.exit()).as(added.err()).isOne();
      assertThat(added.err()).contains("2/3 files, 2 chunks\napprentice: the request body is larger than the configured"
              + " limit (HTTP 413)").contains("without --url").contains("(adding " + docs.resolve("z-book.txt") + ")")
          .contains("the 2 files before were added");
      assertThat(remoteRun(remote, "collections", "list").out()).containsPattern("kb\\s+2\\s+2");
    }
  }

  private static Cli.Run remoteRun(String[] remote, String... args) {
    String[] all = new String[args.length + remote.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(remote, 0, all, args.length, remote.length);
    return CollectionsCli.run(() -> {
      throw new AssertionError("with --url the server embeds");
    }, all);
  }

  @Test
  void onTheDataDirectoryTheConfigsEmbeddingModelEmbedsNotTheBundledOne() throws Exception {
    Path models = Files.createDirectories(dir.resolve("vetted-model"));
    Files.writeString(models.resolve("all-minilm-l6-v2.onnx"), "not a model");
    Files.writeString(models.resolve("all-minilm-l6-v2-tokenizer.json"), "{}");
    Path config = Files.writeString(dir.resolve("apprentice.yaml"), """
        data_dir: %s
        providers: { sim: { type: simulator } }
        models: { echo: { targets: [ { provider: sim, model: sim-echo } ] } }
        embeddings: { model_dir: %s }
        """.formatted(dir.resolve("data"), models));

    Cli.Run created = Cli.run("collections", "create", "kb", "--config", config.toString());

    assertThat(created.exit()).as("the configured files are no model, so the collection's model cannot load").isOne();
    assertThat(created.err()).contains("could not be loaded", models.toString()).doesNotContain("\tat ");
  }

  private static void assertOneLine(Cli.Run run, int exit, String start) {
    assertThat(run.exit()).as(run.err()).isEqualTo(exit);
    assertThat(run.err()).startsWith(start).hasLineCount(1);
  }
}
