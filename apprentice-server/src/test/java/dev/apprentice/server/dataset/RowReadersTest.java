package dev.apprentice.server.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.dataset.DatasetInput;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rows of an imported file as dataset items: which columns they are read from, and which rows hold nothing. */
class RowReadersTest {

  /** An item as the store would be given it. */
  private record Item(String input, Object expected, Map<String, Object> metadata) {}

  private static List<Item> read(String file, String format, String inputColumn, String expectedColumn) {
    List<Item> items = new ArrayList<>();
    RowReaders.of(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)),
        new ImportOptions(format, inputColumn, expectedColumn, false, null)).emit((input, expected, metadata) ->
        items.add(new Item(input instanceof DatasetInput.Text text ? text.value() : input.toString(), expected, metadata)));
    return items;
  }

  @Test
  void theSameColumnAsInputAndExpectedIsRefusedBeforeAnyRowIsRead() {
    assertThatThrownBy(() -> new ImportOptions("csv", "text", " text ", false, null))
        .isInstanceOfSatisfying(ImportOptions.SameColumn.class, e -> assertThat(e.naming("--input-column",
            "--expected-column")).isEqualTo("--input-column and --expected-column both name 'text'; the input and"
            + " the expected answer must come from different fields or columns"));
    assertThatThrownBy(() -> new ImportOptions("jsonl", null, "input", false, null))
        .isInstanceOfSatisfying(ImportOptions.SameColumn.class, e -> assertThat(e.naming("input_column",
            "expected_column")).isEqualTo("expected_column names 'input', which is the input column when no"
            + " input_column is given; the input and the expected answer must come from different fields or columns"));
  }

  @Test
  void anInputReadFromTheExpectedColumnLeavesTheItemsWithoutAnExpectedAnswerInBothFormats() {
    List<Item> csv = read("expected,lang\nhello,en\n", "csv", "expected", null);
    List<Item> jsonl = read("{\"expected\": \"hello\", \"lang\": \"en\"}\n", "jsonl", "expected", null);

    assertThat(csv).containsExactly(new Item("hello", null, Map.of("lang", "en")));
    assertThat(jsonl).isEqualTo(csv);
  }

  @Test
  void aChatRowWhoseMessagesAreTheExpectedColumnIsRefusedWithItsLineRatherThanCopiedAsItsOwnAnswer() {
    String jsonl = "{\"input\": \"hi\", \"messages\": \"hello\"}\n{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}\n";

    assertThatThrownBy(() -> read(jsonl, "jsonl", null, "messages")).isInstanceOf(DatasetRowException.class)
        .hasMessage("line 2: no 'input' field, and 'messages' is the expected answer's (name the input field with"
            + " --input-column / input_column)");
  }

  @Test
  void csvRowsOfOnlyEmptyOrBlankCellsAreSkippedAsASpreadsheetWritesThemAtTheEnd() {
    List<Item> items = read("input,expected,source\r\na,b,web\r\n,,\r\n , ,\t\r\n,\r\nc,,\r\n,,\r\n", "csv", null, null);

    assertThat(items).containsExactly(new Item("a", "b", Map.of("source", "web")), new Item("c", null, Map.of("source", "")));
  }

  @Test
  void aCsvRowWithAnEmptyInputBesideOtherCellsIsStillRefusedWithItsLine() {
    assertThatThrownBy(() -> read("input,expected\na,b\n,,\n,label\n", "csv", null, null))
        .isInstanceOf(DatasetRowException.class).hasMessage("line 4: the 'input' cell is empty");
  }
}
