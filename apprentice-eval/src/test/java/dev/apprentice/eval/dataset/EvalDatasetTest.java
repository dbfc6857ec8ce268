package dev.apprentice.eval.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.apprentice.eval.suite.DatasetSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalDatasetTest {

  @TempDir
  Path dir;

  @Test
  void csvFieldsMayHoldQuotesCommasAndLineBreaks() throws IOException {
    Path file = dir.resolve("items.csv");
    Files.writeString(file, "text,category\r\n\"I said \"\"hi\"\", then, left\",greeting\r\n\"two\nlines\",other\r\n");

    List<EvalItem> items = new CsvDataset(file, ColumnMapping.defaults()).load();

    assertThat(items).extracting(EvalItem::input).containsExactly("I said \"hi\", then, left", "two\nlines");
    assertThat(items).extracting(EvalItem::label).containsExactly("greeting", "other");
    assertThat(items.get(1).index()).isEqualTo(1);
    assertThat(items.getFirst().fields()).containsEntry("category", "greeting");
  }

  @Test
  void jsonlRowsFindExpectedOutputsLabelsAndContextIdsUnderTheirUsualNames() throws IOException {
    Path file = dir.resolve("items.jsonl");
    Files.writeString(file, """
        {"input": "Who wrote Hamlet?", "expected": {"output": "Shakespeare", "context_ids": ["plays#0", "bio"]}}

        {"question": "2+2?", "expected": ["4", "four"], "label": "math"}
        """);

    List<EvalItem> items = new JsonlDataset(file, ColumnMapping.defaults()).load();

    assertThat(items).hasSize(2);
    assertThat(items.getFirst().references()).containsExactly("Shakespeare");
    assertThat(items.getFirst().contextIds()).containsExactly("plays#0", "bio");
    assertThat(items.get(1).input()).isEqualTo("2+2?");
    assertThat(items.get(1).references()).containsExactly("4", "four");
    assertThat(items.get(1).label()).isEqualTo("math");
  }

  @Test
  void aJsonlFileMayStartWithAByteOrderMark() throws IOException {
    Path file = Files.writeString(dir.resolve("bom.jsonl"), "\uFEFF{\"input\": \"hi\"}\n{\"input\": \"there\"}\n");

    assertThat(new JsonlDataset(file, ColumnMapping.defaults()).load()).extracting(EvalItem::input)
        .containsExactly("hi", "there");
  }

  @Test
  void aFileThatIsNotUtf8IsABadDatasetNamingTheLineOfItsFirstBadByteNotTheDecodersMessage() throws IOException {
    Path jsonl = Files.write(dir.resolve("items.jsonl"), "{\"input\": \"hi\"}\n{\"input\": \"caf\u00e9\"}\n"
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    Path csv = Files.write(dir.resolve("items.csv"), "input\nhi\ncaf\u00e9\n"
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> new JsonlDataset(jsonl, ColumnMapping.defaults()).load())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot read the dataset " + jsonl + " line 2: not UTF-8 text (the file must be UTF-8 throughout)");
    assertThatThrownBy(() -> new CsvDataset(csv, ColumnMapping.defaults()).load())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot read the dataset " + csv + " line 3: not UTF-8 text (the file must be UTF-8 throughout)");
  }

  @Test
  void aCsvHeaderThatNamesAColumnTwiceIsRefusedNamingLineOneAndTheColumn() throws IOException {
    Path csv = Files.writeString(dir.resolve("dup.csv"), "text,category,text\na,b,c\n");

    assertThatThrownBy(() -> new CsvDataset(csv, new ColumnMapping("text", null, "category", null)).load())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dup.csv line 1: the header names the column 'text' twice (columns 1 and 3); rename one");
  }

  @Test
  void aMalformedCsvNamesTheFileAndTheLineItsRecordStartsOn() throws IOException {
    Path unclosed = Files.writeString(dir.resolve("open.csv"), "text,category\nhi,greeting\n\"never closed,x\n");
    Path short_ = Files.writeString(dir.resolve("short.csv"), "text,category\n\"two\nlines\",a\nalone\n");

    assertThatThrownBy(() -> new CsvDataset(unclosed, ColumnMapping.defaults()).load())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("open.csv line 3: a quoted field is never closed");
    assertThatThrownBy(() -> new CsvDataset(short_, ColumnMapping.defaults()).load())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("short.csv line 4: 1 fields for 2 columns");
  }

  @Test
  void aCsvRowOfOnlyEmptyOrBlankCellsIsSkippedAsSpreadsheetsWriteThemAtTheEndOfASheet() throws IOException {
    Path csv = Files.writeString(dir.resolve("sheet.csv"), "text,category,expected\nhi,greeting,hello\n,,\n , ,\n,,\n");

    List<EvalItem> items = new CsvDataset(csv, ColumnMapping.defaults()).load();

    assertThat(items).extracting(EvalItem::input).containsExactly("hi");
  }

  @Test
  void aCsvRowWithAnEmptyInputBesideOtherCellsIsRefusedWithItsLine() throws IOException {
    Path csv = Files.writeString(dir.resolve("gap.csv"), "text,category\nhi,greeting\n,farewell\n");

    assertThatThrownBy(() -> new CsvDataset(csv, ColumnMapping.defaults()).load())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("gap.csv line 3: the 'text' cell is empty");
  }

  @Test
  void aJsonLinesRowWithAnEmptyOrBlankInputIsRefusedWithItsLineAsACsvCellIs() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.jsonl"), "{\"input\": \"hi\"}\n{\"input\": \"\", \"label\": \"x\"}\n");
    Path blank = Files.writeString(dir.resolve("blank.jsonl"), "{\"question\": \"  \", \"label\": \"x\"}\n");

    assertThatThrownBy(() -> new JsonlDataset(empty, ColumnMapping.defaults()).load())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("empty.jsonl line 2: 'input' is empty");
    assertThatThrownBy(() -> new JsonlDataset(blank, ColumnMapping.defaults()).load())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("blank.jsonl line 1: 'question' is empty");
  }

  @Test
  void aRowOverTheParsersSizeLimitIsSaidToBeOverTheLimitWithTheLimit() throws IOException {
    String huge = "x".repeat(20_000_001);
    Path jsonl = Files.writeString(dir.resolve("big.jsonl"), "{\"input\": \"hi\"}\n{\"input\": \"" + huge + "\"}\n");
    Path csv = Files.writeString(dir.resolve("big.csv"), "input\nhi\n" + huge + "\n");

    assertThatThrownBy(() -> new JsonlDataset(jsonl, ColumnMapping.defaults()).load()).hasMessage(
        "big.jsonl line 2: over the size limit: a text value of 20000001 characters (at most 20000000)");
    assertThatThrownBy(() -> new CsvDataset(csv, ColumnMapping.defaults()).load()).hasMessage(
        "big.csv line 3: over the size limit: a text value of 20000001 characters (at most 20000000)");
  }

  @Test
  void aJsonlLineLongerThanTheLimitPerLineIsRefusedNamingTheLineAndTheLimit() throws IOException {
    String padded = "{\"input\": \"b\"" + " ".repeat(JsonLines.MAX_LINE_CHARS) + "}";
    Path file = Files.writeString(dir.resolve("long.jsonl"), "{\"input\": \"a\"}\n" + padded + "\n");

    assertThatThrownBy(() -> new JsonlDataset(file, ColumnMapping.defaults()).load())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("long.jsonl line 2: longer than the limit of 40,000,000 characters per line (a line is read "
            + "whole into memory)");
  }

  @Test
  void aJsonlLineThatIsNullIsAnErrorNamingTheLine() throws IOException {
    Path file = Files.writeString(dir.resolve("rows.jsonl"), "{\"input\": \"hi\"}\nnull\n");

    assertThatThrownBy(() -> new JsonlDataset(file, ColumnMapping.defaults()).load())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rows.jsonl line 2")
        .hasMessageContaining("not a JSON object");
  }

  @Test
  void aJsonlLineHoldingTwoObjectsOrTextAfterItsObjectIsRefusedRatherThanLosingWhatFollows() throws IOException {
    Path two = Files.writeString(dir.resolve("two.jsonl"), "{\"input\": \"a\"}\n{\"input\": \"b\"} {\"input\": \"c\"}\n");
    Path trailing = Files.writeString(dir.resolve("trailing.jsonl"), "{\"input\": \"a\"} oops\n");

    assertThatThrownBy(() -> new JsonlDataset(two, ColumnMapping.defaults()).load())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("two.jsonl line 2: more than one JSON value on the line");
    assertThatThrownBy(() -> new JsonlDataset(trailing, ColumnMapping.defaults()).load())
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("trailing.jsonl line 1: ");
  }

  @Test
  void aJsonlRowThatNamesAKeyTwiceIsRefusedNamingTheLineAndTheKey() throws IOException {
    Path file = Files.writeString(dir.resolve("rows.jsonl"),
        "{\"input\": \"a\"}\n{\"input\": \"b\", \"label\": \"x\", \"input\": \"c\"}\n");

    assertThatThrownBy(() -> new JsonlDataset(file, ColumnMapping.defaults()).load())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rows.jsonl line 2: the key 'input' is given twice; one of the two values would be lost");
  }

  @Test
  void anExplicitMappingReadsDottedPathsAndNamesAMissingColumn() throws IOException {
    Path file = dir.resolve("rows.jsonl");
    Files.writeString(file, "{\"q\": {\"body\": \"hello\"}, \"gold\": \"hi\"}\n{\"q\": {}, \"gold\": \"x\"}\n");

    DatasetSource source = new JsonlDataset(file, new ColumnMapping("q.body", "gold", null, null));

    assertThatThrownBy(source::load).hasMessageContaining("rows.jsonl line 2").hasMessageContaining("q.body");
  }

  @Test
  void anEmptyCsvCellGivesNoLabelOrReferenceAsAMissingJsonlKeyGivesNone() throws IOException {
    Path csv = Files.writeString(dir.resolve("items.csv"), "text,label,expected\nhi,greeting,hello\nbye,,\n");
    Path jsonl = Files.writeString(dir.resolve("items.jsonl"),
        "{\"text\": \"hi\", \"label\": \"greeting\", \"expected\": \"hello\"}\n{\"text\": \"bye\"}\n");

    EvalItem fromCsv = new CsvDataset(csv, ColumnMapping.defaults()).load().get(1);
    EvalItem fromJsonl = new JsonlDataset(jsonl, ColumnMapping.defaults()).load().get(1);

    assertThat(fromCsv.label()).isNull();
    assertThat(fromCsv.references()).isEmpty();
    assertThat(fromCsv.contextIds()).isEmpty();
    assertThat(fromCsv.references()).isEqualTo(fromJsonl.references());
    assertThat(fromCsv.label()).isEqualTo(fromJsonl.label());
  }

  @Test
  void anEmptyCellOfAMappedColumnIsNoValueWhileAColumnTheRowLacksIsAnError() throws IOException {
    Path csv = Files.writeString(dir.resolve("items.csv"), "q,gold,cls\nhi,hello,greeting\nbye, ,\n");
    Path jsonl = Files.writeString(dir.resolve("items.jsonl"), "{\"q\": \"bye\", \"gold\": null}\n");
    ColumnMapping mapping = new ColumnMapping("q", "gold", "cls", null);

    EvalItem item = new CsvDataset(csv, mapping).load().get(1);

    assertThat(item.label()).isNull();
    assertThat(item.references()).isEmpty();
    assertThat(new JsonlDataset(jsonl, new ColumnMapping("q", "gold", null, null)).load().getFirst().references())
        .isEmpty();
    assertThatThrownBy(() -> new JsonlDataset(jsonl, mapping).load()).hasMessageContaining("no column 'cls'");
  }

  @Test
  void csvContextIdsAreSplitOnBarsOrReadAsAJsonArray() throws IOException {
    Path file = dir.resolve("rag.csv");
    Files.writeString(file, "question,answer,context_ids\nq1,a1,doc-a#0|doc-b\nq2,a2,\"[\"\"x,1\"\", \"\"y\"\"]\"\n"
        + "q3,a3,\"[p, q]\"\n");

    List<EvalItem> items = new CsvDataset(file, ColumnMapping.defaults()).load();

    assertThat(items.get(0).contextIds()).containsExactly("doc-a#0", "doc-b");
    assertThat(items.get(0).references()).containsExactly("a1");
    assertThat(items.get(1).contextIds()).containsExactly("x,1", "y");
    assertThat(items.get(2).contextIds()).containsExactly("p", "q");
  }

  @Test
  void aCsvReferencesCellHoldingAJsonArrayIsSeveralReferencesAndAnyOtherCellIsOneWithItsBars() throws IOException {
    Path file = Files.writeString(dir.resolve("qa.csv"),
        "question,answer\nq1,\"[\"\"Paris\"\", \"\"Paris, France\"\"]\"\nq2,either a|b\nq3,[not json\n");

    List<EvalItem> items = new CsvDataset(file, ColumnMapping.defaults()).load();

    assertThat(items.get(0).references()).containsExactly("Paris", "Paris, France");
    assertThat(items.get(1).references()).containsExactly("either a|b");
    assertThat(items.get(2).references()).containsExactly("[not json");
  }

  @Test
  void aJsonlReferenceThatIsTextLookingLikeAnArrayStaysOneReference() throws IOException {
    Path file = Files.writeString(dir.resolve("qa.jsonl"), "{\"question\": \"q\", \"answer\": \"[1, 2]\"}\n");

    assertThat(new JsonlDataset(file, ColumnMapping.defaults()).load().getFirst().references()).containsExactly("[1, 2]");
  }

  @Test
  void aSampleIsTheSameForTheSameSeedKeepsFileOrderAndTheItemsIndices() throws IOException {
    StringBuilder csv = new StringBuilder("text,category\n");
    for (int i = 0; i < 100; i++) csv.append("message ").append(i).append(",c").append(i % 7).append('\n');
    Files.writeString(dir.resolve("many.csv"), csv);
    DatasetSpec spec = new DatasetSpec("many.csv", null, null, null, null, 10);

    List<EvalItem> first = DatasetSources.load(spec, dir, null, 42);
    List<EvalItem> again = DatasetSources.load(spec, dir, null, 42);
    List<EvalItem> other = DatasetSources.load(spec, dir, null, 7);

    assertThat(first).hasSize(10).isEqualTo(again).isNotEqualTo(other);
    assertThat(first).isSortedAccordingTo(java.util.Comparator.comparingInt(EvalItem::index));
    assertThat(first).allSatisfy(item -> assertThat(item.input()).isEqualTo("message " + item.index()));
  }

  @Test
  void aSampleOfMoreItemsThanTheDatasetHasIsRefusedWhileALimitTakesThemAll() throws IOException {
    StringBuilder csv = new StringBuilder("text,category\n");
    for (int i = 0; i < 31; i++) csv.append("message ").append(i).append(",c\n");
    Path file = Files.writeString(dir.resolve("b31.csv"), csv);

    assertThatThrownBy(() -> DatasetSources.load(new DatasetSpec("b31.csv", null, null, null, null, 50), dir, null, 42))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("dataset.sample: 50 is more than the 31 items of "
            + file + ": sample at most 31, or leave sample out to use every item");
    assertThat(DatasetSources.load(new DatasetSpec("b31.csv", null, null, null, null, 31), dir, null, 42)).hasSize(31);
    assertThat(DatasetSources.load(new DatasetSpec("b31.csv", null, null, null, 50, null), dir, null, 42)).hasSize(31);
  }

  @Test
  void theBanking77TestSetReadsWithoutAMapping() {
    Path csv = Path.of("/work/shared/data/banking77/test.csv");
    assumeTrue(Files.isRegularFile(csv), "Banking77 is not in /work/shared/data: skipped");

    List<EvalItem> items = new CsvDataset(csv, ColumnMapping.defaults()).load();

    assertThat(items).hasSizeGreaterThan(3000);
    assertThat(items.getFirst().input()).isEqualTo("How do I locate my card?");
    assertThat(items.getFirst().label()).isEqualTo("card_arrival");
  }
}
