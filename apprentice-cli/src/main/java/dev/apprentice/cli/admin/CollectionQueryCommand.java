package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code collections query NAME TEXT [-k N] [--json]}: the chunks nearest in meaning, best first, with scores. */
@Command(name = "query", mixinStandardHelpOptions = true, description = "Find the chunks nearest in meaning to a text.")
final class CollectionQueryCommand extends CollectionCommand {

  private static final int PREVIEW = 200;

  @Parameters(index = "0", paramLabel = "NAME", description = "the collection") String name;
  @Parameters(index = "1", paramLabel = "TEXT", description = "what to look for") String text;
  @Option(names = "-k", paramLabel = "N", defaultValue = "5", description = "how many chunks (default: ${DEFAULT-VALUE})")
  int k;
  @Option(names = "--json", description = "print the admin API's JSON") boolean json;

  @Override
  void check() {
    if (k < 1) throw AdminFailure.usage("-k must be a positive whole number; got " + k);
  }

  @Override
  void run(CollectionsClient client, PrintWriter out, PrintWriter err) {
    ObjectNode request = AdminJson.MAPPER.createObjectNode().put("query", text).put("k", k);
    JsonNode answer = client.query(name, request);
    if (json) {
      out.println(AdminJson.pretty(answer));
      return;
    }
    JsonNode results = answer.path("results");
    if (results.isEmpty()) {
      out.println("no results: collection '" + name + "' is empty");
      return;
    }
    int rank = 1;
    for (JsonNode hit : results) {
      out.printf(Locale.ROOT, "%d. %.4f  %s%s%n", rank++, hit.path("score").asDouble(), hit.path("chunk_id").asText(),
          hit.hasNonNull("source") ? "  (" + hit.path("source").asText() + ")" : "");
      out.println("   " + preview(hit.path("text").asText()));
    }
  }

  private static String preview(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() <= PREVIEW ? line : line.substring(0, PREVIEW - 1) + "…";
  }
}
