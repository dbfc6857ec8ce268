package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.files.Utf8Lines;
import dev.apprentice.cli.InputFiles;
import dev.apprentice.server.dataset.ImportOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code datasets import NAME --file F [--format jsonl|csv] [--input-column C] [--expected-column C] [--append]}: a new
 * version from a JSON Lines or CSV file, every row or none (a bad row is reported with its line number).
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Make a new version from a JSON Lines or CSV file (every row or none; a bad row is reported with"
        + " its line). Rows: input (a string or chat messages), expected (any JSON), other fields as metadata.")
final class DatasetImportCommand extends DatasetCommand {

  @Parameters(paramLabel = "NAME", description = "lower-case letters, digits, '.', '_' or '-'") String name;
  @Option(names = "--file", paramLabel = "F", required = true, description = "the file to import") Path file;
  @Option(names = "--format", paramLabel = "FORMAT", description = "jsonl or csv (default: from the file's extension)")
  String format;
  @Option(names = "--input-column", paramLabel = "C", description = "the field or column with the input (default: input)")
  String inputColumn;
  @Option(names = "--expected-column", paramLabel = "C",
      description = "the field or column with the expected answer (default: expected)")
  String expectedColumn;
  @Option(names = "--append", description = "keep the latest version's items and add these after them") boolean append;
  @Option(names = "--json", description = "print the admin API's JSON") boolean json;
  private ImportOptions options;

  @Override
  void check() {
    String unreadable = InputFiles.unreadable(file);
    if (unreadable != null) throw AdminFailure.usage(unreadable);
    String chosen = format != null ? format : ImportOptions.formatOf(file.getFileName().toString());
    if (chosen == null) {
      throw AdminFailure.usage("cannot tell the format of " + file.getFileName() + " from its name: pass --format jsonl or --format csv");
    }
    try {
      options = new ImportOptions(chosen, inputColumn, expectedColumn, append, file.getFileName().toString());
    } catch (ImportOptions.SameColumn e) {
      throw AdminFailure.usage(e.naming("--input-column", "--expected-column"));
    } catch (IllegalArgumentException e) {
      throw AdminFailure.usage("--format: " + e.getMessage());
    }
  }

  @Override
  boolean createsData() {
    return true;
  }

  @Override
  void run(DatasetsClient client, PrintWriter out, PrintWriter err) {
    JsonNode version;
    try {
      version = client.importFile(name, file, options);
    } catch (AdminFailure e) {
      throw e.getMessage().startsWith("line ") || e.getMessage().startsWith(THE_FILE) ? prefixed(e) : e;
    }
    if (json) {
      out.println(AdminJson.pretty(version));
      return;
    }
    if (!created(version)) {
      out.println(nothingNew(version, Table.printable(file.getFileName().toString()) + " holds no item"));
      return;
    }
    // an append's version holds the items it kept too: say what the file added, and what the version holds
    long items = version.path("items").asLong();
    long added = version.path("items_added").asLong(items);
    out.println("imported " + Cells.count(added, "item") + " as " + Cells.text(version, "id")
        + (added == items ? "" : ", which holds " + Cells.count(items) + " with those it kept")
        + " (" + Table.printable(Cells.text(version, "source")) + ")"); // the file's name, as show and list print it
  }

  private static final String NOT_UTF8 = "is not UTF-8 text";

  /** How the import names the file it reads in errors about the whole file (its name is the CLI's to add). */
  private static final String THE_FILE = "the file ";

  /** Names the file in a row's or the file's error: {@code data.csv line 7: ...}, {@code data.csv is not UTF-8 text}. */
  private AdminFailure prefixed(AdminFailure e) {
    String what = e.getMessage().startsWith(THE_FILE) ? e.getMessage().substring(THE_FILE.length()) : e.getMessage();
    // the line of the first byte that is not UTF-8, which the reader (perhaps a server's) cannot say
    String message = (what.startsWith(NOT_UTF8)
        ? Utf8Lines.refusal(file, file.getFileName().toString()) + what.substring(NOT_UTF8.length())
        : file.getFileName() + " " + what) + "; nothing was imported";
    return e.exitCode() == AdminFailure.USAGE ? AdminFailure.usage(message) : AdminFailure.failed(message);
  }
}
