package dev.apprentice.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.trace.TraceDetails;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.api.trace.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code apprentice datasets ...} on a data directory. */
class DatasetsCommandTest {

  private static final String JSONL = """
      {"input": "I lost my card", "expected": "lost_card", "metadata": {"split": "test"}}
      {"messages": [{"role": "user", "content": "Where is my refund?"}, {"role": "assistant", "content": "refund"}]}
      {"input": "Card declined", "lang": "en"}
      """;

  @TempDir
  Path dir;

  private Cli.Run datasets(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "datasets";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--data-dir";
    all[args.length + 2] = dir.resolve("data").toString();
    return Cli.run(all);
  }

  private Path file(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void importsMakeVersionsThatShowAndExportAndAnExportImportsBackTheSame() throws Exception {
    Cli.Run first = datasets("import", "intents", "--file", file("a.jsonl", JSONL).toString());
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).isEqualTo("imported 3 items as intents@1 (import a.jsonl (jsonl))\n");
    Cli.Run second = datasets("import", "intents", "--file", file("b.csv", "text,category\nhello there,greeting\n").toString(),
        "--input-column", "text", "--expected-column", "category");
    assertThat(second.out()).contains("imported 1 item as intents@2 (import b.csv (csv, input=text, expected=category))");

    assertThat(datasets("list").out()).containsPattern("intents\\s+2\\s+1\\s+import b.csv");
    Cli.Run shown = datasets("show", "intents");
    assertThat(shown.out()).contains("dataset   intents@2", "versions  1 (3), 2 (1)").containsPattern("0\\s+hello there\\s+greeting");
    Cli.Run page = datasets("show", "intents@1", "--limit", "2");
    assertThat(page.out()).containsPattern("1\\s+\\[1 message\\] Where is my refund\\?\\s+refund")
        .contains("(2 of 3 items;").doesNotContain("versions");

    Path exported = dir.resolve("out.jsonl");
    Cli.Run export = datasets("export", "intents@1", "--output", exported.toString());
    assertThat(export.err()).isEqualTo("exported 3 items of intents@1 to " + exported + "\n");
    List<String> lines = Files.readAllLines(exported);
    assertThat(lines.get(0)).isEqualTo("{\"input\":\"I lost my card\",\"expected\":\"lost_card\",\"metadata\":{\"split\":\"test\"}}");
    assertThat(lines.get(1)).isEqualTo("{\"input\":[{\"role\":\"user\",\"content\":\"Where is my refund?\"}],\"expected\":\"refund\",\"metadata\":{}}");
    assertThat(datasets("import", "copy", "--file", exported.toString()).exit()).isZero();
    assertThat(datasets("export", "copy").out().lines().toList()).isEqualTo(lines);
  }

  @Test
  void anAppendSaysHowManyItemsTheFileAddedNotTheWholeVersionAsImported() throws Exception {
    assertThat(datasets("import", "intents", "--file", file("a.jsonl", JSONL).toString()).exit()).isZero();

    Cli.Run appended = datasets("import", "intents", "--file", file("b.csv", "input\nhello\nbye\n").toString(), "--append");

    assertThat(appended.exit()).as(appended.err()).isZero();
    assertThat(appended.out()).isEqualTo(
        "imported 2 items as intents@2, which holds 5 with those it kept (import b.csv (csv, appended))\n");
    assertThat(datasets("import", "intents", "--file", file("c.csv", "input\nhi\n").toString(), "--append", "--json").out())
        .contains("\"items\" : 6", "\"items_added\" : 1");
  }

  @Test
  void anAppendOfAFileWithNoItemExitsZeroSayingWhichVersionStaysTheLatest() throws Exception {
    assertThat(datasets("import", "intents", "--file", file("a.jsonl", JSONL).toString()).exit()).isZero();

    Cli.Run empty = datasets("import", "intents", "--file", file("none.csv", "input\n").toString(), "--append");

    assertThat(empty.exit()).as(empty.err()).isZero();
    assertThat(empty.out()).isEqualTo(
        "nothing new to add: intents@1 stays the latest version, with 3 items (none.csv holds no item)\n");
    assertThat(datasets("list").out()).contains("intents").doesNotContain("intents@2");
    assertThat(datasets("import", "fresh", "--file", file("none.csv", "input\n").toString()).exit())
        .as("no version to keep: nothing to make").isEqualTo(2);
  }

  @Test
  void importAndShowPrintTheSourceWithTheControlCharactersOfAFileNameAsQuestionMarksAsListDoes() throws Exception {
    Assumptions.assumeTrue(java.io.File.separatorChar == '/', "a file name with ESC in it: POSIX file systems only");
    Path escaped = file("red\u001b[31m.jsonl", JSONL);
    Cli.Run imported = datasets("import", "intents", "--file", escaped.toString());
    assertThat(imported.exit()).isZero();
    assertThat(imported.out()).isEqualTo("imported 3 items as intents@1 (import red?[31m.jsonl (jsonl))\n");

    Cli.Run shown = datasets("show", "intents");

    assertThat(shown.out()).contains("source    import red?[31m.jsonl (jsonl)").doesNotContain("\u001b");
    assertThat(datasets("list").out()).contains("import red?[31m.jsonl (jsonl)");
  }

  @Test
  void aPageFromAnOffsetPastTheLastItemSaysSoRatherThanShowingNoItemsAsIfTheVersionHadNone() throws Exception {
    assertThat(datasets("import", "intents", "--file", file("a.jsonl", JSONL).toString()).exit()).isZero();

    Cli.Run past = datasets("show", "intents@1", "--offset", "3");

    assertThat(past.exit()).as(past.err()).isZero();
    assertThat(past.out()).endsWith("\n(no items from --offset 3: the version holds 3 items)\n");
    assertThat(datasets("show", "intents@1", "--limit", "0").out()).doesNotContain("no items");
  }

  @Test
  void anExportKeepsTheNullsInsideExpectedValuesAndMetadataSoItImportsBackTheSame() throws Exception {
    String row = "{\"input\":\"refund?\",\"expected\":{\"label\":\"refund\",\"reason\":null},"
        + "\"metadata\":{\"scores\":[1,null],\"review\":{\"by\":null}}}";
    assertThat(datasets("import", "nulls", "--file", file("n.jsonl", row + "\n").toString()).exit()).isZero();

    String exported = datasets("export", "nulls").out();

    assertThat(exported).isEqualTo(row + "\n");
    assertThat(datasets("import", "nulls", "--file", file("again.jsonl", exported).toString()).exit()).isZero();
    assertThat(datasets("export", "nulls@2").out()).isEqualTo(exported);
  }

  @Test
  void anExportThatFailsLeavesTheFileAtItsOutputAsItWas() throws Exception {
    assertThat(datasets("import", "intents", "--file", file("a.jsonl", JSONL).toString()).exit()).isZero();
    Path earlier = file("out.jsonl", "an earlier export\n");

    Cli.Run unknown = datasets("export", "intentz", "--output", earlier.toString());

    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).isEqualTo("apprentice: no dataset named 'intentz'\n");
    assertThat(earlier).hasContent("an earlier export");
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).as("no temporary file left")
          .containsExactlyInAnyOrder("a.jsonl", "out.jsonl", "data");
    }
  }

  @Test
  void aBadRowStopsTheImportWithItsLineAndNothingIsImported() throws Exception {
    Cli.Run bad = datasets("import", "intents", "--file", file("bad.jsonl", JSONL + "\n{\"input\": 42}\n").toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).isEqualTo("apprentice: bad.jsonl line 5: 'input' must be a string or a non-empty array of chat"
        + " messages; nothing was imported\n");
    Cli.Run csv = datasets("import", "intents", "--file", file("bad.csv", "input\n\"unclosed\n").toString());
    assertThat(csv.err()).contains("bad.csv line 2: a quoted field is never closed");
    Cli.Run huge = datasets("import", "intents", "--file",
        file("huge.jsonl", "{\"input\": \"" + "x".repeat(20_000_001) + "\"}\n").toString());
    assertThat(huge.err()).endsWith("apprentice: huge.jsonl line 1: over the size limit: a text value of 20000001"
        + " characters (at most 20000000); nothing was imported\n");
    assertThat(datasets("import", "intents", "--file", file("data.txt", "x").toString()).err())
        .contains("pass --format jsonl or --format csv");
    assertThat(datasets("list").out()).contains("no datasets yet");
    Cli.Run unknown = datasets("show", "intents");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).isEqualTo("apprentice: no dataset named 'intents'\n");
  }

  @Test
  void aFolderGivenAsTheFileToImportIsSaidToBeAFolderNotMissing() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("data.jsonl"));

    Cli.Run run = datasets("import", "intents", "--file", folder.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("apprentice: cannot read " + folder + ": a folder, not a file\n");
  }

  @Test
  void theSameColumnAsInputAndExpectedIsABadUsageNamingBothOptionsBeforeTheFileIsRead() throws Exception {
    Path csv = file("b.csv", "text,category\nhello there,greeting\n");

    Cli.Run same = datasets("import", "intents", "--file", csv.toString(), "--input-column", "text",
        "--expected-column", "text");

    assertThat(same.exit()).isEqualTo(2);
    assertThat(same.err()).isEqualTo("apprentice: --input-column and --expected-column both name 'text'; the input and"
        + " the expected answer must come from different fields or columns\n");
    assertThat(datasets("import", "intents", "--file", file("a.jsonl", JSONL).toString(), "--expected-column", "input")
        .err()).startsWith("apprentice: --expected-column names 'input', which is the input column when no"
        + " --input-column is given;");
    assertThat(dir.resolve("data")).as("refused before the data directory is opened").doesNotExist();
  }

  @Test
  void aFileThatIsNotUtf8IsRefusedByName() throws Exception {
    Path latin1 = dir.resolve("latin1.jsonl");
    Files.write(latin1, "{\"input\": \"caf\u00e9\"}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    Cli.Run bad = datasets("import", "intents", "--file", latin1.toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).isEqualTo("apprentice: latin1.jsonl line 1: not UTF-8 text (the file must be UTF-8"
        + " throughout); nothing was imported\n");
  }

  @Test
  void aFileExcelSavedAsUnicodeTextIsRefusedAsUtf16SayingHowToSaveIt() throws Exception {
    Path utf16 = dir.resolve("intents.csv");
    Files.write(utf16, "\ufefftext,category\r\nhello,greeting\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_16LE));

    Cli.Run bad = datasets("import", "intents", "--file", utf16.toString(), "--input-column", "text");

    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).isEqualTo("apprentice: intents.csv is UTF-16 text, not UTF-8 (as Excel's \"Unicode Text\" saves"
        + " it): save it as \"CSV UTF-8\", or convert it with iconv -f UTF-16 -t UTF-8; nothing was imported\n");
  }

  @Test
  void aCsvSeparatedBySemicolonsIsRefusedSayingSoRatherThanOnlyThatItsColumnIsMissing() throws Exception {
    Path semicolons = file("intents.csv", "text;category\nhello;greeting\n");

    Cli.Run bad = datasets("import", "intents", "--file", semicolons.toString(), "--input-column", "text");

    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).isEqualTo("apprentice: intents.csv line 1: the CSV header has no column 'text' (columns:"
        + " text;category); the header is one column, its names separated by semicolons: import reads comma-separated"
        + " CSV, so save the file with commas; nothing was imported\n");
  }

  @Test
  void aByteThatIsNotUtf8FarIntoACsvIsRefusedNamingItsLine() throws Exception {
    StringBuilder rows = new StringBuilder("text,category\n");
    for (int i = 0; i < 5_000; i++) rows.append("question ").append(i).append(" \u00e9t\u00e9,label\n");
    var bytes = new java.io.ByteArrayOutputStream(); // 5,001 lines of UTF-8 (past the reader's buffers), one of Latin-1
    bytes.writeBytes(rows.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    bytes.writeBytes("caf\u00e9,label\nlast,label\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    Path csv = Files.write(dir.resolve("mixed.csv"), bytes.toByteArray());

    Cli.Run refused = datasets("import", "intents", "--file", csv.toString(), "--input-column", "text");

    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).isEqualTo("apprentice: mixed.csv line 5002: not UTF-8 text (the file must be UTF-8"
        + " throughout); nothing was imported\n");

    var lines = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < 5_000; i++) lines.writeBytes(("{\"input\": \"\u00e9t\u00e9 " + i + "\"}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    lines.writeBytes("{\"input\": \"caf\u00e9\"}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    Cli.Run jsonl = datasets("import", "intents", "--file", Files.write(dir.resolve("mixed.jsonl"), lines.toByteArray()).toString());
    assertThat(jsonl.err()).isEqualTo("apprentice: mixed.jsonl line 5001: not UTF-8 text (the file must be UTF-8"
        + " throughout); nothing was imported\n");
  }

  @Test
  void tenThousandRowsImportInOneVersionWhichEveryCommandCountsAsTheImportDoes() throws Exception {
    StringBuilder csv = new StringBuilder("input,expected,n\n");
    for (int i = 0; i < 10_000; i++) csv.append("\"question ").append(i).append(", please\",label_").append(i % 77).append(',').append(i).append('\n');
    Cli.Run imported = datasets("import", "big", "--file", file("big.csv", csv.toString()).toString());
    assertThat(imported.out()).startsWith("imported 10,000 items as big@1");
    String shown = datasets("show", "big").out();
    assertThat(shown).contains("items     10,000\n", "versions  1 (10,000)\n", "(20 of 10,000 items;");
    assertThat(datasets("list").out()).containsPattern("big\\s+1\\s+10,000\\s+import big.csv");
    assertThat(datasets("export", "big").out().lines().skip(9_999).findFirst().orElseThrow())
        .isEqualTo("{\"input\":\"question 9999, please\",\"expected\":\"label_66\",\"metadata\":{\"n\":\"9999\"}}");
  }

  @Test
  void theBanking77TrainingSetImportsWholeWithAColumnMapping() {
    Path train = Path.of(System.getProperty("user.dir")).resolve("../../shared/data/banking77/train.csv").normalize();
    if (!Files.exists(train)) train = Path.of("/work/shared/data/banking77/train.csv");
    Assumptions.assumeTrue(Files.exists(train), "banking77 is not under ../shared/data: skipped");

    Cli.Run imported = datasets("import", "banking77", "--file", train.toString(), "--input-column", "text",
        "--expected-column", "category");

    assertThat(imported.exit()).as(imported.err()).isZero();
    assertThat(imported.out()).startsWith("imported 10,003 items as banking77@1");
    assertThat(datasets("export", "banking77").out().lines().toList().getLast())
        .isEqualTo("{\"input\":\"Which countries are represented?\",\"expected\":\"country_support\",\"metadata\":{}}");
  }

  private static TraceRecord call(String id, Instant at, String model, String prompt, String question, String answer) {
    String request = question == null ? null : "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\""
        + question + "\"}]}";
    String response = answer == null ? null : "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"" + answer + "\"}}]}";
    return new TraceRecord(id, at, "acme", null, model, "simulator", "sim-echo", "sim-echo", null, false, 200, null, null,
        new Tokens(4, 2, 0, 0, 0), false, 0, 5, null, 1, "miss", null, List.of("nightly"), Map.of(), request, response,
        List.of(), TraceDetails.NONE.withPrompt(prompt));
  }

  @Test
  void fromTracesTakesTheMatchingCallsAndCountsThoseCapturedMetadataOnly() {
    Instant now = Instant.now();
    SampleTraces.store(dir.resolve("data"),
        call("c1", now.minusSeconds(9 * 86400), "sim-echo", null, "old question", "old"),
        call("c2", now.minusSeconds(3600), "sim-echo", "triage@1", "refund?", "refund"),
        call("c3", now.minusSeconds(600), "sim-echo", null, null, null),
        call("c4", now.minusSeconds(60), "other", null, "elsewhere?", "x"));

    Cli.Run made = datasets("from-traces", "flywheel", "--model", "sim-echo", "--since", "7d", "--tag", "nightly");
    assertThat(made.exit()).as(made.err()).isZero();
    assertThat(made.out()).startsWith("made flywheel@1 with 1 item from 2 matching calls; skipped 1 captured metadata-only\n")
        .contains("review them");
    assertThat(datasets("export", "flywheel").out()).contains("\"content\":\"refund?\"", "\"expected\":\"refund\"",
        "\"trace_id\":\"c2\"", "\"prompt\":\"triage@1\"");

    Cli.Run again = datasets("from-traces", "flywheel", "--prompt", "triage", "--append");
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).isEqualTo("nothing new to add: flywheel@1 stays the latest version, with 1 item (1 matching"
        + " call; skipped 1 already in the version appended to)\n");
    assertThat(datasets("from-traces", "flywheel", "--append").out()).startsWith("made flywheel@2 with 3 items (2 new, after "
        + "the 1 kept) from 4 matching calls; skipped 1 captured metadata-only and 1 already in the version appended to\n");
    Cli.Run none = datasets("from-traces", "flywheel", "--model", "nope");
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).contains("no trace to learn from: 0 matched");
    assertThat(datasets("from-traces", "flywheel", "--status", "fine").exit()).isEqualTo(2);
    assertThat(datasets("from-traces", "flywheel", "--status", "600").err()).startsWith("apprentice: --status must be");
  }

  @Test
  void aFromTracesTagNoCallCanCarryIsABadUsageNamingTheOption() {
    for (String[] args : new String[][] {{"--tag", "a,b"}, {"--tag", ""}, {"--exclude-tag", ","}}) {
      Cli.Run run = datasets("from-traces", "flywheel", args[0], args[1]);
      assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(run.err()).startsWith("apprentice: " + args[0] + " ");
    }
  }

  @Test
  void aFromTracesWindowWhoseUntilIsNotLaterThanItsSinceIsABadUsageBeforeAnyConnection() {
    Cli.Run swapped = Cli.run("datasets", "from-traces", "flywheel", "--since", "1h", "--until", "2h", "--url",
        "http://127.0.0.1:1", "--admin-key", "some-admin-key");

    assertThat(swapped.exit()).isEqualTo(2);
    assertThat(swapped.err()).startsWith("apprentice: --until (").contains("must be later than --since (")
        .hasLineCount(1);
  }

  @Test
  void aFromTracesTimeThatDoesNotReadIsABadUsageBeforeAnyConnectionOrDataDirectory() {
    Cli.Run until = Cli.run("datasets", "from-traces", "flywheel", "--until", "yesterday", "--url", "http://127.0.0.1:1",
        "--admin-key", "some-admin-key");
    Cli.Run since = datasets("from-traces", "flywheel", "--since", "2026-13-01");

    assertThat(until.exit()).isEqualTo(2);
    assertThat(until.err()).isEqualTo("apprentice: --until: expected a span such as 30m, 1h or 7d, a day such as"
        + " 2026-11-23, or an ISO-8601 instant; got 'yesterday'\n");
    assertThat(since.exit()).isEqualTo(2);
    assertThat(since.err()).startsWith("apprentice: --since: expected a span such as 30m");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void aFromTracesPromptThatIsNotANameWithAnOptionalVersionIsABadUsageBeforeAnyConnectionOrDataDirectory() {
    Cli.Run label = Cli.run("datasets", "from-traces", "flywheel", "--prompt", "triage@production", "--url",
        "http://127.0.0.1:1", "--admin-key", "some-admin-key");
    Cli.Run upper = datasets("from-traces", "flywheel", "--prompt", "Triage");

    assertThat(label.exit()).isEqualTo(2);
    assertThat(label.err()).isEqualTo("apprentice: --prompt must be a prompt name, alone or with a version number"
        + " (triage or triage@3; traces keep the version a call used, not its label); got 'triage@production'\n");
    assertThat(upper.exit()).isEqualTo(2);
    assertThat(upper.err()).startsWith("apprentice: --prompt must be a prompt name");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void aFromTracesApiThatIsNotAChatApiIsABadUsageBeforeAnyConnectionOrDataDirectory() {
    Cli.Run embeddings = Cli.run("datasets", "from-traces", "flywheel", "--api", "embeddings", "--url",
        "http://127.0.0.1:1", "--admin-key", "some-admin-key");

    assertThat(embeddings.exit()).isEqualTo(2);
    assertThat(embeddings.err()).isEqualTo("apprentice: --api must be chat_completions or responses; got 'embeddings'\n");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  /** A call refused with {@code status} before any model was asked; {@code question} null: no request recorded. */
  private static TraceRecord refused(String id, Instant at, int status, String code, String question) {
    String request = question == null ? null
        : "{\"model\":\"sim-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]}";
    return new TraceRecord(id, at, status == 401 ? "unauthenticated" : "acme", null, "sim-echo", null, null, null, null,
        false, status, code, "refused", Tokens.NONE, false, 0, 1, null, 1, "miss", null, List.of(), Map.of(), request,
        null, List.of());
  }

  @Test
  void fromTracesCountsCallsRefusedBeforeTheirRequestWasRecordedApartFromThoseCapturedMetadataOnly() {
    Instant now = Instant.now();
    SampleTraces.store(dir.resolve("data"),
        call("c1", now.minusSeconds(500), "sim-echo", null, "refund?", "refund"),
        call("c2", now.minusSeconds(400), "sim-echo", null, null, null),
        refused("c3", now.minusSeconds(300), 401, "invalid_api_key", null),
        refused("c4", now.minusSeconds(200), 400, "invalid_request_error", null),
        refused("c5", now.minusSeconds(100), 429, "rate_limit_exceeded", "again?"));

    Cli.Run made = datasets("from-traces", "flywheel");

    assertThat(made.exit()).as(made.err()).isZero();
    assertThat(made.out()).startsWith("""
        made flywheel@1 with 2 items from 5 matching calls; skipped 1 captured metadata-only and 2 refused before any \
        model was asked (no request recorded)
        1 item has no expected answer (its call failed): label it, or take only answered calls with --status ok
        expected answers are""");
  }
}
