package dev.apprentice.server.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.Message;
import dev.apprentice.api.dataset.DatasetInput;
import dev.apprentice.server.http.ServerJson;
import dev.apprentice.store.DatasetStore.ItemSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a row into a dataset item. The input comes from the input column ({@code input} by default), the expected
 * answer from the expected column ({@code expected} by default, unless the input is read from it; optional), and every other field or column goes
 * into the item's metadata (a JSON row's {@code metadata} object is merged in). A JSON Lines row without
 * {@code input} may give OpenAI's chat format {@code {"messages": [...]}}: a final assistant message then becomes
 * the expected answer when the row has none (its text; the whole message when it calls a tool or refuses without
 * text, so that the call is not lost).
 */
final class RowMapping {

  private static final String INPUT = ImportOptions.INPUT;
  private static final String MESSAGES = "messages";
  private static final String METADATA = "metadata";
  private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

  private final String inputColumn;
  private final String expectedColumn;
  /** The expected answer's field or column: the one named, else {@code expected} unless the input is read from it. */
  private final String expectedName;

  RowMapping(ImportOptions options) {
    this.inputColumn = options.inputColumn();
    this.expectedColumn = options.expectedColumn();
    this.expectedName = expectedColumn != null ? expectedColumn
        : ImportOptions.EXPECTED.equals(inputColumn) ? null : ImportOptions.EXPECTED;
  }

  /** Adds the item of one JSON Lines row. */
  void json(int line, JsonNode row, ItemSink sink) {
    if (!row.isObject()) throw new DatasetRowException(line, "expected a JSON object, got " + row.getNodeType().name().toLowerCase());
    String inputField = inputColumn != null ? inputColumn : row.has(INPUT) || !row.has(MESSAGES) ? INPUT : MESSAGES;
    String expectedField = expectedName;
    if (inputField.equals(expectedField)) {
      throw new DatasetRowException(line, "no '" + INPUT + "' field, and '" + inputField + "' is the expected answer's"
          + " (name the input field with --input-column / input_column)");
    }
    JsonNode inputNode = row.get(inputField);
    if (inputNode == null || inputNode.isNull()) {
      throw new DatasetRowException(line, "no '" + inputField + "' field" + (inputColumn == null
          ? " (name the input field with --input-column / input_column)" : ""));
    }
    DatasetInput input = input(line, inputField, inputNode);
    Object expected = expectedField == null ? null : plain(row.get(expectedField));
    if (expected == null && expectedColumn == null && inputField.equals(MESSAGES) && input instanceof DatasetInput.Chat chat
        && chat.value().size() > 1 && "assistant".equals(chat.value().getLast().role())) {
      Message answer = chat.value().getLast();
      expected = callsOrRefuses(answer) ? plain(inputNode.get(inputNode.size() - 1)) : answer.text();
      input = new DatasetInput.Chat(chat.value().subList(0, chat.value().size() - 1));
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    for (var it = row.fields(); it.hasNext(); ) {
      var field = it.next();
      String name = field.getKey();
      if (name.equals(inputField) || name.equals(expectedField)) continue;
      if (name.equals(METADATA) && field.getValue().isObject()) {
        field.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), plain(m.getValue())));
      } else {
        metadata.put(name, plain(field.getValue()));
      }
    }
    sink.add(input, expected, metadata);
  }

  /** Checks a CSV header; returns the input column's position. */
  int csvHeader(List<String> header) {
    String input = inputColumn != null ? inputColumn : INPUT;
    if (!header.contains(input)) {
      throw new DatasetRowException(1, "the CSV header has no column '" + input + "' (columns: " + String.join(", ", header)
          + ")" + otherSeparator(header) + (inputColumn == null ? "; name the input column with --input-column / input_column" : ""));
    }
    if (expectedColumn != null && !header.contains(expectedColumn)) {
      throw new DatasetRowException(1, "the CSV header has no column '" + expectedColumn + "' (columns: "
          + String.join(", ", header) + ")" + otherSeparator(header));
    }
    return header.indexOf(input);
  }

  /**
   * What a header read as one column says when it holds a semicolon or a tab: the file is separated by those (as a
   * spreadsheet writes CSV where the comma is the decimal mark, or "Text (tab delimited)"), which import does not read.
   */
  private static String otherSeparator(List<String> header) {
    if (header.size() != 1) return "";
    String only = header.getFirst();
    String separator = only.contains(";") ? "semicolons" : only.contains("\t") ? "tabs" : null;
    return separator == null ? "" : "; the header is one column, its names separated by " + separator
        + ": import reads comma-separated CSV, so save the file with commas";
  }

  /**
   * Adds the item of one CSV record: every cell is text; an empty expected cell means no expected answer. A record
   * whose every cell is empty or blank ({@code ,,}, as spreadsheets write at the end of a sheet) holds nothing and adds
   * nothing; one with an empty input beside other cells is refused with its line.
   */
  void csv(int line, List<String> header, List<String> cells, ItemSink sink) {
    if (cells.stream().allMatch(String::isBlank)) return;
    if (cells.size() != header.size()) {
      throw new DatasetRowException(line, cells.size() + " fields where the header has " + header.size());
    }
    String input = inputColumn != null ? inputColumn : INPUT;
    Object expected = null;
    String text = null;
    Map<String, Object> metadata = new LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i);
      if (name.equals(input)) text = cells.get(i);
      else if (name.equals(expectedName)) expected = cells.get(i).isEmpty() ? null : cells.get(i);
      else metadata.put(name, cells.get(i));
    }
    if (text == null || text.isBlank()) throw new DatasetRowException(line, "the '" + input + "' cell is empty");
    sink.add(new DatasetInput.Text(text), expected, metadata);
  }

  private static DatasetInput input(int line, String field, JsonNode node) {
    if (node.isTextual()) {
      if (node.asText().isBlank()) throw new DatasetRowException(line, "'" + field + "' is empty");
      return new DatasetInput.Text(node.asText());
    }
    if (!node.isArray() || node.isEmpty()) {
      throw new DatasetRowException(line, "'" + field + "' must be a string or a non-empty array of chat messages");
    }
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String path = field + "[" + i + "]";
      Message m;
      try {
        m = ServerJson.MAPPER.treeToValue(node.get(i), Message.class);
      } catch (JsonProcessingException | IllegalArgumentException e) {
        throw new DatasetRowException(line, "'" + path + "' is not a chat message {role, content}");
      }
      if (m == null || m.role() == null || !ROLES.contains(m.role())) {
        throw new DatasetRowException(line, "'" + path + ".role' must be system, developer, user, assistant or tool");
      }
      messages.add(m);
    }
    return new DatasetInput.Chat(messages);
  }

  /**
   * True when a final assistant message is more than its text: it calls a tool or function, or refuses without text.
   * Such an expected answer is the whole message, as a call's answer taken from a trace is.
   */
  private static boolean callsOrRefuses(Message answer) {
    boolean calls = (answer.toolCalls() != null && !answer.toolCalls().isEmpty())
        || answer.extra().get("function_call") != null;
    return calls || (answer.text().isEmpty() && answer.refusal() != null && !answer.refusal().isEmpty());
  }

  /** A JSON value as plain Java (String, Number, Boolean, List, Map), null for a missing or null one. */
  static Object plain(JsonNode node) {
    if (node == null || node.isNull()) return null;
    try {
      return ServerJson.MAPPER.treeToValue(node, Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed JSON value did not convert: " + e.getOriginalMessage(), e);
    }
  }
}
