package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The human view of a dataset version: what it is, its versions when asked, and its items as a table. */
final class DatasetReport {

  private static final int INPUT_WIDTH = 60;
  private static final int EXPECTED_WIDTH = 40;

  private DatasetReport() {}

  /**
   * @param dataset the dataset with every version, or null to leave the version list out
   * @param offset  the items skipped before the page shown
   */
  static void print(JsonNode version, JsonNode dataset, int offset, PrintWriter out) {
    out.println("dataset   " + Cells.text(version, "id"));
    out.println("items     " + Cells.count(version, "items"));
    out.println("source    " + Table.printable(Cells.text(version, "source"))); // a file name the caller gave
    out.println("created   " + Cells.time(version, "created_at") + " UTC");
    if (dataset != null) {
      List<String> versions = new ArrayList<>();
      dataset.path("versions").forEach(v -> versions.add(v.path("version").asText() + " (" + Cells.count(v, "items") + ")"));
      out.println("versions  " + String.join(", ", versions));
    }
    JsonNode items = version.path("data");
    long total = version.path("items").asLong();
    if (items.isEmpty() && offset > 0 && offset >= total) {
      // a page past the end, not an empty version
      out.println("(no items from --offset " + Cells.count(offset) + ": the version holds " + Cells.count(total, "item") + ")");
    }
    if (items.isEmpty()) return;
    out.println();
    Table table = new Table().number("#").column("INPUT").column("EXPECTED");
    for (JsonNode item : items) {
      table.row(Cells.text(item, "index"), cut(input(item.path("input")), INPUT_WIDTH),
          cut(expected(item.path("expected")), EXPECTED_WIDTH));
    }
    table.print(out);
    int shown = items.size();
    if (shown < total) out.println("(" + Cells.count(shown) + " of " + Cells.count(total) + " items; --limit and --offset page, export writes all)");
  }

  /** A string input as it is; a chat as its message count and the last user message. */
  private static String input(JsonNode input) {
    if (input.isTextual()) return input.asText();
    String last = "";
    for (JsonNode m : input) {
      if ("user".equals(m.path("role").asText())) last = m.path("content").isTextual() ? m.path("content").asText() : m.path("content").toString();
    }
    return "[" + Cells.count(input.size(), "message") + "] " + last;
  }

  private static String expected(JsonNode expected) {
    if (expected == null || expected.isNull() || expected.isMissingNode()) return Cells.NONE;
    return expected.isTextual() ? expected.asText() : expected.toString();
  }

  /** One line, at most {@code width} characters. */
  static String cut(String text, int width) {
    String line = text.replaceAll("\\s+", " ").strip();
    return line.length() <= width ? line : line.substring(0, width - 1) + "…";
  }
}
