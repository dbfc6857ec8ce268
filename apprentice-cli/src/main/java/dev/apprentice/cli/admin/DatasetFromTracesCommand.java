package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.apprentice.api.trace.TraceDetails;
import dev.apprentice.api.trace.TraceTagRules;
import dev.apprentice.server.dataset.LeftOutTags;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code datasets from-traces NAME [filters]}: a new version from stored calls, the first turn of the data flywheel.
 * Each item's input is a call's captured request messages and its expected answer what the model said (to review;
 * none for a call that failed); calls without a captured request (capture: metadata-only, or refused before any model
 * was asked) are skipped and counted. The evaluation's own calls (tagged {@code eval}) are left out unless
 * {@code --include-eval-calls}.
 */
@Command(name = "from-traces", mixinStandardHelpOptions = true,
    description = "Make a new version from stored calls: input = the captured request messages, expected = the"
        + " model's answer (to review; none for a failed call). Calls without a captured request (captured"
        + " metadata-only, or refused before any model was asked) are skipped and counted. Calls an evaluation made"
        + " (tagged eval) are left out unless --include-eval-calls.")
final class DatasetFromTracesCommand extends DatasetCommand {

  private static final LeftOutTags.Names OPTIONS = new LeftOutTags.Names("--tag", "--exclude-tag",
      "--include-eval-calls");

  @Parameters(paramLabel = "NAME", description = "lower-case letters, digits, '.', '_' or '-'") String name;
  @Option(names = "--model", paramLabel = "ALIAS", description = "only calls to this model alias") String model;
  @Option(names = "--prompt", paramLabel = "NAME[@N]", description = "only calls made with this registered prompt") String prompt;
  @Option(names = "--since", paramLabel = "WHEN", description = TraceFilterOptions.SINCE) String since;
  @Option(names = "--until", paramLabel = "WHEN", description = TraceFilterOptions.UNTIL) String until;
  @Option(names = "--tag", paramLabel = "TAG", description = "only calls carrying this tag") String tag;
  @Option(names = "--exclude-tag", paramLabel = "TAG", description = "leave out calls carrying this tag (repeatable;"
      + " matched whole, as --tag is)") List<String> excludeTags = new ArrayList<>();
  @Option(names = "--include-eval-calls", description = "take the calls evaluation runs made too (tagged eval), which"
      + " are left out otherwise: the model's answers to an evaluation are no ground truth to evaluate it on")
  boolean includeEvalCalls;
  @Option(names = "--status", paramLabel = "STATUS", description = "ok, error, or an HTTP status such as 429") String status;
  @Option(names = "--tenant", paramLabel = "TENANT", description = "only calls of this tenant") String tenant;
  @Option(names = "--api", paramLabel = "API", description = "only calls through this wire API: chat_completions or responses")
  String api;
  @Option(names = "--limit", paramLabel = "N", description = "at most this many calls, the oldest first (with --append:"
      + " of those the dataset does not hold yet)") Integer limit;
  @Option(names = "--append", description = "keep the latest version's items and add these after them (calls it already"
      + " holds are left out)") boolean append;
  @Option(names = "--json", description = "print the admin API's JSON") boolean json;

  @Override
  void check() {
    if (limit != null && limit < 1) throw AdminFailure.usage("--limit must be at least 1; got " + limit);
    TraceFilter.checkStatus(status);
    if (api != null && !api.equals(TraceDetails.CHAT_COMPLETIONS) && !api.equals(TraceDetails.RESPONSES)) {
      throw AdminFailure.usage("--api must be chat_completions or responses; got '" + api + "'");
    }
    TraceFilter.checkPrompt(prompt); // the server's rule, syntax alone: a typo fails before any connection
    TraceFilter.checkTags("--tag", tag == null ? List.of() : List.of(tag));
    TraceFilter.checkTags("--exclude-tag", excludeTags);
    try {
      LeftOutTags.of(tag, excludeTags, includeEvalCalls, OPTIONS); // the server's rule, in the options' names
    } catch (LeftOutTags.Conflict e) {
      throw AdminFailure.usage(e.getMessage());
    }
    // the server reads them on its clock; checked here too, so that a typo fails before any connection
    TraceFilter.checkWindow(since, until);
  }

  @Override
  void run(DatasetsClient client, PrintWriter out, PrintWriter err) {
    ObjectNode filters = AdminJson.MAPPER.createObjectNode();
    put(filters, "model", model);
    put(filters, "prompt", prompt);
    put(filters, "since", since);
    put(filters, "until", until);
    put(filters, "tag", tag);
    put(filters, "status", status);
    put(filters, "tenant", tenant);
    put(filters, "api", api);
    if (limit != null) filters.put("limit", limit);
    if (append) filters.put("append", true);
    if (!excludeTags.isEmpty()) {
      ArrayNode excluded = filters.putArray("exclude_tags");
      excludeTags.forEach(excluded::add);
    }
    if (includeEvalCalls) filters.put("include_eval_calls", true);
    JsonNode version = client.fromTraces(name, filters);
    if (json) {
      out.println(AdminJson.pretty(version));
      return;
    }
    List<String> skipped = new ArrayList<>();
    skip(skipped, version, "skipped_metadata_only", "captured metadata-only");
    skip(skipped, version, "skipped_refused", "refused before any model was asked (no request recorded)");
    skip(skipped, version, "skipped_unreadable", "unreadable");
    skip(skipped, version, "skipped_already_in_dataset", "already in the version appended to");
    long items = version.path("items").asLong();
    String matched = Cells.count(version.path("traces_matched").asLong(), "matching call")
        + (skipped.isEmpty() ? "" : "; skipped " + inWords(skipped));
    if (!created(version)) {
      out.println(nothingNew(version, matched));
      return;
    }
    long added = version.path("items_added").asLong(items);
    out.println("made " + Cells.text(version, "id") + " with " + Cells.count(items, "item")
        + (added == items ? "" : " (" + Cells.count(added) + " new, after the " + Cells.count(items - added) + " kept)")
        + " from " + matched);
    long unanswered = version.path("items_without_answer").asLong();
    if (unanswered > 0) {
      out.println(unanswered == 1
          ? "1 item has no expected answer (its call failed): label it, or take only answered calls with --status ok"
          : Cells.count(unanswered) + " items have no expected answer (their calls failed): label them, or take only"
              + " answered calls with --status ok");
    }
    out.println("expected answers are what the model said: review them before using the dataset as ground truth");
    leftOut(version.path("excluded_tags"), out);
  }

  /** Which calls were left out by their tags, and how to take an evaluation's calls when they were. */
  private static void leftOut(JsonNode excluded, PrintWriter out) {
    List<String> tags = new ArrayList<>();
    excluded.forEach(tag -> tags.add(tag.asText()));
    if (tags.isEmpty()) return;
    out.println("left out calls tagged " + String.join(" or ", tags) + (tags.contains(TraceTagRules.EVAL)
        ? " (eval: an evaluation's own calls; --include-eval-calls takes them)" : ""));
  }

  private static void skip(List<String> skipped, JsonNode version, String field, String why) {
    long n = version.path(field).asLong();
    if (n > 0) skipped.add(Cells.count(n) + " " + why);
  }

  /** "a", "a and b", "a, b and c". */
  private static String inWords(List<String> parts) {
    if (parts.size() == 1) return parts.getFirst();
    return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.getLast();
  }

  private static void put(ObjectNode filters, String field, String value) {
    if (value != null) filters.put(field, value);
  }
}
