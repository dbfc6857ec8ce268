package dev.apprentice.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TracesCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private Path data;

  @BeforeEach
  void storeThreeCalls() {
    data = dir.resolve("data");
    SampleTraces.store(data,
        SampleTraces.ok("t-old", SampleTraces.NOW.minusSeconds(3 * 3600), "acme", "fast", 12, 7, 0.0125),
        SampleTraces.refused("t-refused", SampleTraces.NOW.minusSeconds(120), "globex", "fast"),
        SampleTraces.retried("t-new", SampleTraces.NOW.minusSeconds(60), "acme", "smart"));
  }

  private Cli.Run traces(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "traces";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--data-dir";
    all[args.length + 2] = data.toString();
    return Cli.run(all);
  }

  @Test
  void listShowsTheCallsNewestFirstInAlignedColumns() {
    Cli.Run run = traces("list");
    assertThat(run.exit()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.getFirst()).as("its times are UTC, as show says").startsWith("TIME (UTC)").contains("ID", "OP", "MODEL", "TENANT", "STATUS", "TOKENS IN/OUT",
        "COST", "LATENCY", "SERVED BY");
    assertThat(lines).hasSize(4);
    assertThat(lines.get(1)).contains("t-new", "chat", "smart", "acme", "200", "~100/50", "$0.500000", "900 ms",
        "anthropic/claude-haiku-4-5");
    assertThat(lines.get(2)).contains("t-refused", "429 rate_limit_exceeded", "0/0", "-");
    assertThat(lines.get(3)).contains("t-old", "12/7", "$0.012500", "240 ms", "openai/gpt-4o");
    int column = lines.getFirst().indexOf("MODEL");
    assertThat(lines).allSatisfy(l -> assertThat(l.charAt(column - 1)).isEqualTo(' '));
    assertThat(lines.get(1).substring(column)).startsWith("smart");
    assertThat(lines.get(3).substring(column)).startsWith("fast");
  }

  @Test
  void aCacheHitIsServedByTheTargetThatMadeItsAnswerMarkedAsFromTheCache() {
    SampleTraces.store(data,
        SampleTraces.cached("t-hit", SampleTraces.NOW.minusSeconds(30), "acme", "fast", "openai", "gpt-4o"),
        SampleTraces.cached("t-old-hit", SampleTraces.NOW.minusSeconds(40), "acme", "fast", null, null));

    List<String> lines = traces("list").out().lines().toList();
    int servedBy = lines.getFirst().indexOf("SERVED BY");

    assertThat(lines.get(1).substring(servedBy)).isEqualTo("openai/gpt-4o (cache)");
    assertThat(lines.get(2).substring(servedBy)).as("an entry kept without its maker").isEqualTo("cache");
    assertThat(lines.get(3).substring(servedBy)).isEqualTo("anthropic/claude-haiku-4-5");
  }

  @Test
  void listSaysWhichCallsWereEmbeddings() {
    SampleTraces.store(data, SampleTraces.embedded("t-vectors", SampleTraces.NOW.minusSeconds(30), "acme", "minilm"));

    List<String> lines = traces("list").out().lines().toList();
    int op = lines.getFirst().indexOf("OP");

    assertThat(lines.get(1)).contains("t-vectors");
    assertThat(lines.get(1).substring(op)).startsWith("embeddings");
    assertThat(lines.get(2).substring(op)).startsWith("chat");
  }

  @Test
  void listSaysWhichChatCallsCameThroughTheResponsesApi() {
    SampleTraces.store(data, SampleTraces.throughResponses("t-resp", SampleTraces.NOW.minusSeconds(30), "acme", "fast"),
        SampleTraces.embedded("t-vectors", SampleTraces.NOW.minusSeconds(40), "acme", "minilm"));

    List<String> lines = traces("list").out().lines().toList();
    int op = lines.getFirst().indexOf("OP");
    int model = lines.getFirst().indexOf("MODEL");

    assertThat(lines.get(1)).contains("t-resp");
    assertThat(lines.get(1).substring(op, model).strip()).isEqualTo("chat (responses)");
    assertThat(lines.get(2).substring(op, model).strip()).isEqualTo("embeddings");
    assertThat(lines.get(3).substring(op, model).strip()).as("a chat completions call").isEqualTo("chat");
    assertThat(lines.get(1).substring(model)).startsWith("fast");
  }

  @Test
  void deleteRemovesTheCallsStartedBeforeTheCutoffAndKeepsTheRestSayingHowManyInWords() {
    Cli.Run run = traces("delete", "--before", "90m");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("deleted 1 call started before ");
    assertThat(traces("list").out()).contains("t-new", "t-refused").doesNotContain("t-old");
    assertThat(traces("delete", "--before", "90m").out()).as("nothing older is left").startsWith("deleted 0 calls");
  }

  @Test
  void deleteWithJsonPrintsTheAnswerOfTheAdminApi() throws Exception {
    Cli.Run run = traces("delete", "--before", "2100-01-01", "--json");

    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode answer = JSON.readTree(run.out());
    assertThat(answer.path("deleted").asLong()).isEqualTo(3);
    assertThat(answer.path("before").asText()).isEqualTo("2100-01-01T00:00:00Z");
  }

  @Test
  void deleteWithoutACutoffOrWithOneItCannotReadExitsTwoAndDeletesNothing() {
    assertThat(traces("delete").exit()).isEqualTo(2);
    Cli.Run bad = traces("delete", "--before", "last tuesday");

    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).startsWith("apprentice: --before: ");
    assertThat(traces("list").out()).contains("t-old", "t-new", "t-refused");
  }

  @Test
  void deleteWithASpanReachingBeforeYearZeroExitsTwoAndDeletesNothing() {
    Cli.Run far = traces("delete", "--before", "999999999w");

    assertThat(far.exit()).isEqualTo(2);
    assertThat(far.err()).startsWith("apprentice: --before: ").contains("between years 0 and 9999");
    assertThat(traces("list").out()).contains("t-old", "t-new", "t-refused");
  }

  @Test
  void listFiltersByModelTenantStatusSinceAndLimit() {
    assertThat(traces("list", "--model", "fast").out()).contains("t-old", "t-refused").doesNotContain("t-new");
    assertThat(traces("list", "--tenant", "globex").out()).contains("t-refused").doesNotContain("t-old", "t-new");
    assertThat(traces("list", "--status", "error").out()).contains("t-refused").doesNotContain("t-old", "t-new");
    assertThat(traces("list", "--status", "429").out()).contains("t-refused").doesNotContain("t-old");
    assertThat(traces("list", "--since", "1h").out()).contains("t-new", "t-refused").doesNotContain("t-old");
    assertThat(traces("list", "--limit", "1").out()).contains("t-new").doesNotContain("t-refused", "t-old");
    assertThat(traces("list", "--tenant", "nobody").out().strip()).isEqualTo("no calls match");
    assertThat(traces("list", "--operation", "chat").out()).contains("t-new", "t-refused", "t-old");
    assertThat(traces("list", "--operation", "embeddings").out().strip()).isEqualTo("no calls match");
    assertThat(traces("list", "--operation", "images").exit()).isEqualTo(2);
  }

  @Test
  void listAndExportTakeTheCallsStartedBeforeUntilAsTheServerDoes() {
    assertThat(traces("list", "--since", "4h", "--until", "90s").out()).contains("t-old", "t-refused")
        .doesNotContain("t-new");
    assertThat(traces("export", "--until", "90s").out().lines().map(l -> read(l).get("id").asText()))
        .containsExactly("t-old", "t-refused");
    assertThat(traces("list", "--until", SampleTraces.NOW.minusSeconds(60).toString()).out())
        .as("until is exclusive").contains("t-refused").doesNotContain("t-new");
  }

  @Test
  void aWindowWhoseUntilIsNotLaterThanItsSinceExitsTwoInOneLineNamingUntil() {
    for (String[] args : new String[][] {{"list", "--since", "1h", "--until", "2h"},
        {"export", "--since", "2026-11-24", "--until", "2026-11-24"}, {"list", "--since", "1h", "--until", "1h"}}) {
      Cli.Run run = traces(args);
      assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(run.err()).startsWith("apprentice: --until (").contains("must be later than --since (")
          .hasLineCount(1);
    }
    assertThat(traces("list", "--until", "yesterday").err()).startsWith("apprentice: --until: expected a span");
  }

  @Test
  void listPagesWithAfterAndSaysOnStandardErrorHowToListTheNextPage() {
    Cli.Run first = traces("list", "--limit", "1", "--model", "fast");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).contains("t-refused").doesNotContain("t-old", "t-new");
    assertThat(first.err()).isEqualTo("more: apprentice traces list --after t-refused (same filters)\n");

    Cli.Run last = traces("list", "--limit", "1", "--model", "fast", "--after", "t-refused");
    assertThat(last.exit()).as(last.err()).isZero();
    assertThat(last.out()).contains("t-old").doesNotContain("t-refused", "t-new");
    assertThat(last.err()).as("the last page, though exactly full").isEmpty();

    assertThat(traces("list", "--after", "t-new").out()).contains("t-refused", "t-old").doesNotContain("t-new");
    assertThat(traces("list", "--after", "t-old").out().strip()).isEqualTo("no calls match");
  }

  @Test
  void listJsonSaysWhetherMoreFollowAndAnAfterThatNamesNoTraceExitsTwo() throws Exception {
    assertThat(JSON.readTree(traces("list", "--limit", "2", "--json").out()).path("has_more").asBoolean()).isTrue();
    JsonNode last = JSON.readTree(traces("list", "--limit", "2", "--after", "t-new", "--json").out());
    assertThat(last.path("data")).hasSize(2);
    assertThat(last.path("has_more").isBoolean()).isTrue();
    assertThat(last.path("has_more").asBoolean()).isFalse();

    Cli.Run unknown = traces("list", "--after", "t-none");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("apprentice: --after: no trace with id 't-none'").hasLineCount(1);
    Cli.Run nothingStored = Cli.run("traces", "list", "--after", "t-new", "--data-dir",
        dir.resolve("empty").toString());
    assertThat(nothingStored.exit()).isEqualTo(2);
    assertThat(nothingStored.err()).contains("--after: no trace with id 't-new'");
  }

  @Test
  void listJsonIsTheAdminApiListShape() throws Exception {
    JsonNode list = JSON.readTree(traces("list", "--json").out());
    assertThat(list.get("object").asText()).isEqualTo("list");
    JsonNode newest = list.get("data").get(0);
    assertThat(newest.get("id").asText()).isEqualTo("t-new");
    assertThat(newest.get("object").asText()).isEqualTo("trace");
    assertThat(newest.get("attempts")).hasSize(2);
    assertThat(newest.get("usage_estimated").asBoolean()).isTrue();
    assertThat(newest.has("request")).isFalse();
  }

  @Test
  void showPrintsFieldsAttemptsAndCapturedBodies() {
    Cli.Run retried = traces("show", "t-new");
    assertThat(retried.exit()).isZero();
    assertThat(retried.out()).contains("trace", "t-new", "smart (stream)", "anthropic/claude-haiku-4-5",
        "100 in, 50 out (estimated", "$0.500000", "time to first token 120 ms", "server_error", "HTTP 500",
        "PROVIDER", "OUTCOME");

    Cli.Run old = traces("show", "t-old");
    assertThat(old.out()).contains("tenant", "acme (key key-acme)", "nightly", "request:", "\"content\" : \"hi\"",
        "response:", "chatcmpl-1");
  }

  @Test
  void showSaysWhenEachAttemptBeganAfterTheCallsStartAndADashForATraceKeptWithoutIt() {
    SampleTraces.store(data, SampleTraces.retriedAfterAWait("t-waited", SampleTraces.NOW.minusSeconds(30), "acme",
        "smart"));

    assertThat(traces("show", "t-waited").out()).contains("STARTED")
        .containsPattern("openai +gpt-4o +25 ms +300 ms +server_error")
        .containsPattern("anthropic +claude-haiku-4-5 +1325 ms +500 ms +ok");
    assertThat(traces("show", "t-new").out()).containsPattern("openai +gpt-4o +- +300 ms +server_error");
  }

  @Test
  void showSaysWhichApiTheCallCameThroughAndListFiltersByIt() {
    SampleTraces.store(data, SampleTraces.throughResponses("t-resp", SampleTraces.NOW.minusSeconds(30), "acme", "fast"));

    assertThat(traces("show", "t-resp").out()).containsPattern("api +responses \\(/v1/responses\\)");
    assertThat(traces("show", "t-old").out()).containsPattern("api +chat completions \\(/v1/chat/completions\\)");
    assertThat(traces("list", "--api", "responses").out()).contains("t-resp").doesNotContain("t-old", "t-new");
    assertThat(traces("list", "--api", "chat_completions").out()).contains("t-old", "t-new").doesNotContain("t-resp");
    Cli.Run bad = traces("list", "--api", "completions");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).startsWith("apprentice: --api").hasLineCount(1);
  }

  @Test
  void showPrintsTheTargetsACallPassedOverWithWhy() {
    SampleTraces.store(data, SampleTraces.fellBack("t-fell", SampleTraces.NOW.minusSeconds(30), "acme", "smart"));

    Cli.Run run = traces("show", "t-fell");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("skipped (no request sent):", "REASON")
        .containsPattern("openai +gpt-4o +circuit_open")
        .containsPattern("claude +claude-sonnet-4-5 +unsupported +n above 1 is not supported");
  }

  @Test
  void showSaysWhenARetrievingModelHadNoUserTextToSearchWith() {
    SampleTraces.store(data, SampleTraces.unsearched("t-unsearched", SampleTraces.NOW.minusSeconds(30), "acme", "docs"));

    Cli.Run run = traces("show", "t-unsearched");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).containsPattern("retrieval +skipped: no user message with text to search with");
  }

  @Test
  void showSaysWhenARetrievingModelsSearchFoundNothingToInsert() {
    SampleTraces.store(data, SampleTraces.searchedInVain("t-vain", SampleTraces.NOW.minusSeconds(30), "acme", "docs"));
    SampleTraces.store(data, SampleTraces.fellBack("t-plain", SampleTraces.NOW.minusSeconds(20), "acme", "chat"));

    Cli.Run run = traces("show", "t-vain");
    Cli.Run plain = traces("show", "t-plain");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).containsPattern("retrieval +searched, nothing inserted \\(an empty collection");
    assertThat(plain.out()).as("a model without rag:").doesNotContain("retrieval");
  }

  @Test
  void showSaysHowLongARetrievingModelsSearchTookBesideTheChunksItInserted() {
    SampleTraces.store(data, SampleTraces.retrieved("t-rag", SampleTraces.NOW.minusSeconds(30), "acme", "docs"));

    Cli.Run run = traces("show", "t-rag");
    Cli.Run json = traces("show", "t-rag", "--json");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).containsPattern("retrieval +searched in 12.50 ms, 2 chunks inserted \\(below\\)")
        .containsPattern("policies +home.md#0 +0.4600");
    assertThat(json.out()).contains("\"retrieval_ms\" : 12.5");
  }

  @Test
  void showListsTheChunksARetrievingModelsSearchLeftOutOfThePromptAndWhy() {
    SampleTraces.store(data, SampleTraces.retrieved("t-rag", SampleTraces.NOW.minusSeconds(30), "acme", "docs"));

    Cli.Run run = traces("show", "t-rag");
    Cli.Run json = traces("show", "t-rag", "--json");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("left out (found, not inserted):")
        .containsPattern("old/home.md#0 +0.4600 +same text as home.md#0")
        .containsPattern("travel.md#5 +0.2200 +over max_context_tokens");
    assertThat(json.out()).contains("\"reason\" : \"duplicate\"", "\"same_as\" : \"home.md#0\"",
        "\"reason\" : \"context_budget\"");
  }

  @Test
  void showSaysWhenARetrievingModelsSearchFailed() {
    SampleTraces.store(data, SampleTraces.unsearched("t-failed", SampleTraces.NOW.minusSeconds(30), "acme", "docs",
        dev.apprentice.api.trace.TraceDetails.RETRIEVAL_FAILED));

    Cli.Run run = traces("show", "t-failed");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).containsPattern("retrieval +skipped: the search failed \\(the server's log says why\\)");
  }

  @Test
  void showingAnUnknownTraceIsBadUsage() {
    Cli.Run run = traces("show", "t-none");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo("apprentice: no trace with id 't-none'");
  }

  @Test
  void anExportIntoAFolderThatIsNotThereSaysSoAndLeavesNothingBehind() {
    Path file = dir.resolve("missing").resolve("traces.jsonl");

    Cli.Run run = traces("export", "--output", file.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("apprentice: cannot write " + file + ": no such folder\n");
    assertThat(dir.resolve("missing")).doesNotExist();
  }

  @Test
  void exportWritesJsonLinesOldestFirstWithBodies() throws Exception {
    Path file = dir.resolve("traces.jsonl");
    Cli.Run run = traces("export", "--format", "jsonl", "--output", file.toString());
    assertThat(run.exit()).isZero();
    assertThat(run.err()).contains("exported 3 calls");
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(3);
    assertThat(lines.stream().map(l -> read(l).get("id").asText())).containsExactly("t-old", "t-refused", "t-new");
    assertThat(read(lines.getFirst()).get("request").get("model").asText()).isEqualTo("fast");

    Cli.Run one = traces("export", "--tenant", "globex", "--output", dir.resolve("one.jsonl").toString());
    assertThat(one.err()).contains("exported 1 call to ");

    Cli.Run toStdout = traces("export", "--tenant", "acme");
    assertThat(toStdout.out().lines().map(l -> read(l).get("id").asText())).containsExactly("t-old", "t-new");
  }

  @Test
  void exportAcceptsOnlyJsonLines() {
    Cli.Run run = traces("export", "--format", "csv");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo("apprentice: --format must be jsonl (JSON Lines); got 'csv'");
  }

  @Test
  void badFiltersExitTwoInOneLine() {
    for (String[] args : new String[][] {{"list", "--since", "last tuesday"}, {"list", "--status", "bad"}, {"list", "--status", "600"},
        {"list", "--limit", "0"}, {"list", "--limit", "5000"}, {"export", "--since", "soon"}}) {
      Cli.Run run = traces(args);
      assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(run.err()).startsWith("apprentice: --").hasLineCount(1);
    }
  }

  @Test
  void aThousandTagsToLeaveOutExitTwoSayingAtMostAHundredRatherThanFailingTheStoresRead() {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("list"));
    for (int i = 0; i < 1000; i++) args.addAll(java.util.List.of("--exclude-tag", "t" + i));
    Cli.Run run = traces(args.toArray(String[]::new));
    assertThat(run.exit()).as(run.err()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo("apprentice: --exclude-tag names 1000 tags; at most 100 may be left out at"
        + " once");
    assertThat(traces(args.subList(0, 201).toArray(String[]::new)).exit()).isZero();
  }

  @Test
  void aStatusNoCallCanHaveExitsTwoSayingWhatWasGivenInTheServersWords() {
    Cli.Run run = traces("list", "--status", "600");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo("apprentice: --status must be ok, error or an HTTP status from 100 to 599"
        + " such as 429; got '600'");
  }

  @Test
  void aTagAlsoLeftOutExitsTwoNamingExcludeTagAsDatasetsFromTracesDoes() {
    for (String command : java.util.List.of("list", "export")) {
      Cli.Run run = traces(command, "--tag", "smoke", "--exclude-tag", "eval", "--exclude-tag", "smoke");
      assertThat(run.exit()).as(command).isEqualTo(2);
      assertThat(run.err().strip()).isEqualTo("apprentice: the tag 'smoke' is both --tag and in --exclude-tag: no"
          + " call could match");
    }
  }

  @Test
  void aTagNoCallCanCarryExitsTwoInOneLineSayingToGiveOneTagPerFilter() {
    for (String[] args : new String[][] {{"list", "--tag", "a,b"}, {"export", "--tag", ","},
        {"list", "--exclude-tag", "eval", "--exclude-tag", "a,b"}, {"export", "--tag", ""}, {"list", "--tag", "a\u001Bb"},
        {"list", "--exclude-tag", " prod"}}) {
      Cli.Run run = traces(args);
      assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(run.err()).startsWith("apprentice: " + args[args.length - 2] + " ").hasLineCount(1);
    }
    assertThat(traces("list", "--tag", "a,b").err().strip()).isEqualTo("apprentice: --tag holds a comma, and no tag"
        + " does (x-apprentice-tags is split on commas): give one tag per filter");
  }

  @Test
  void aPromptFilterWithALabelOrAWordForAVersionExitsTwoInOneLine() {
    for (String prompt : new String[] {"triage@abc", "triage@production"}) {
      Cli.Run run = traces("list", "--prompt", prompt);
      assertThat(run.exit()).as(prompt).isEqualTo(2);
      assertThat(run.err()).startsWith("apprentice: --prompt").hasLineCount(1);
    }
  }

  @Test
  void aDataDirectoryWithoutADatabaseListsNothingAndSaysSo() {
    Path empty = dir.resolve("empty");
    Cli.Run run = Cli.run("traces", "list", "--data-dir", empty.toString());
    assertThat(run.exit()).isZero();
    assertThat(run.out().strip()).isEqualTo("no calls match");
    assertThat(run.err()).contains("nothing stored yet");
    assertThat(Files.exists(empty)).isFalse();
  }

  private static JsonNode read(String line) {
    try {
      return JSON.readTree(line);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}
