package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The human view of a prompt: its versions and labels, and one version's settings and messages. */
final class PromptReport {

  private PromptReport() {}

  /** Every version in a table, then the default version (the {@code production} label, else the latest). */
  static void overview(JsonNode prompt, PrintWriter out) {
    int chosen = prompt.path("labels").path("production").asInt(prompt.path("latest_version").asInt());
    Table table = new Table().number("VERSION").column("MODEL").column("VARIABLES").column("LABELS").column("CREATED");
    JsonNode shown = null;
    for (JsonNode v : prompt.path("versions")) {
      table.row(Cells.text(v, "version"), Cells.text(v, "model"), join(v.path("variables")), join(v.path("labels")),
          Cells.time(v, "created_at"));
      if (v.path("version").asInt() == chosen) shown = v;
    }
    table.print(out);
    if (shown != null) {
      out.println();
      version(shown, out);
    }
  }

  static void version(JsonNode v, PrintWriter out) {
    out.println("prompt      " + Cells.text(v, "id"));
    if (!v.path("labels").isEmpty()) out.println("labels      " + join(v.path("labels")));
    out.println("model       " + Cells.text(v, "model"));
    if (!v.path("parameters").isEmpty()) out.println("parameters  " + v.path("parameters"));
    out.println("variables   " + join(v.path("variables")));
    out.println("created     " + Cells.time(v, "created_at") + " UTC");
    for (JsonNode m : v.path("messages")) {
      out.println();
      out.println("[" + m.path("role").asText() + "]");
      JsonNode content = m.path("content");
      out.println(content.isTextual() ? content.asText() : AdminJson.pretty(content));
    }
  }

  private static String join(JsonNode list) {
    List<String> items = new ArrayList<>();
    list.forEach(i -> items.add(i.asText()));
    return items.isEmpty() ? Cells.NONE : String.join(", ", items);
  }
}
