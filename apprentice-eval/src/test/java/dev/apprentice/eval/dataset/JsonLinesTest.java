package dev.apprentice.eval.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesTest {

  private static List<String> lines(String text, int limit) throws IOException {
    JsonLines lines = new JsonLines(new StringReader(text), "rows.jsonl", limit);
    List<String> read = new ArrayList<>();
    for (String line = lines.next(); line != null; line = lines.next()) read.add(line);
    return read;
  }

  @Test
  void linesEndAsBufferedReaderEndsThemAndAByteOrderMarkAtTheStartIsLeftOut() throws IOException {
    assertThat(lines("\uFEFFa\nb\r\nc\rd", 100)).containsExactly("a", "b", "c", "d");
    assertThat(lines("a\n\nb\n", 100)).containsExactly("a", "", "b");
    assertThat(lines("", 100)).isEmpty();
    assertThat(lines("\n", 100)).containsExactly("");
    assertThat(lines("a\n\uFEFFb", 100)).containsExactly("a", "\uFEFFb");
  }

  @Test
  void aCarriageReturnAndLineFeedSplitAcrossTwoReadsEndOneLine() throws IOException {
    String first = "x".repeat(8191);

    assertThat(lines(first + "\r\ny\n", 10_000)).containsExactly(first, "y");
  }

  @Test
  void aLineOverTheLimitIsRefusedNamingItsLineAndTheLimitBeforeItIsReadWhole() throws IOException {
    JsonLines lines = new JsonLines(new StringReader("12345\n123456\n"), "rows.jsonl", 5);

    assertThat(lines.next()).isEqualTo("12345");
    assertThatThrownBy(lines::next).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rows.jsonl line 2: longer than the limit of 5 characters per line (a line is read whole into "
            + "memory)");
  }

  @Test
  void aLineHoldsOneJsonObjectWithEachKeyOnce() {
    assertThat(JsonLines.tree("{\"a\": 1} ", "f line 1").get("a").asInt()).isEqualTo(1);
    assertThat(JsonLines.object("{\"a\": [1, \"x\"]}", "f line 1")).containsEntry("a", List.of(1, "x"));
    assertThatThrownBy(() -> JsonLines.tree("{\"a\": 1} {\"a\": 2}", "f line 3"))
        .hasMessageStartingWith("f line 3: more than one JSON value on the line");
    assertThatThrownBy(() -> JsonLines.tree("{\"a\": 1, \"a\": 2}", "f line 3"))
        .hasMessage("f line 3: the key 'a' is given twice; one of the two values would be lost");
    assertThatThrownBy(() -> JsonLines.tree("[1]", "f line 3")).hasMessage("f line 3: not a JSON object (array)");
    assertThatThrownBy(() -> JsonLines.tree("null", "f line 3")).hasMessageStartingWith("f line 3: not a JSON object");
    assertThatThrownBy(() -> JsonLines.object("null", "f line 3")).hasMessage("f line 3: not a JSON object (null)");
  }

  @Test
  void aLineThatIsNotJsonIsSaidInPlainWordsWithoutTheParsersSettings() {
    assertThatThrownBy(() -> JsonLines.tree("{\"input\": NaN}", "f line 2"))
        .hasMessage("f line 2: not a JSON object (NaN is not a JSON number)");
    assertThatThrownBy(() -> JsonLines.object("{\"input\": \"a\"", "f line 4"))
        .hasMessage("f line 4: not a JSON object (Unexpected end-of-input: expected close marker for Object (start "
            + "marker at [line: 1, column: 1]))");
    for (String line : new String[] {"{\"a\": Infinity}", "{\"a\": +1}", "{\"a\": 1 /* c */}", "{'a': 1}", "{\"a\": tru}"}) {
      assertThatThrownBy(() -> JsonLines.tree(line, "f line 1")).as(line)
          .hasMessageStartingWith("f line 1: not a JSON object (")
          .hasMessageNotContaining("`").hasMessageNotContaining("Feature").hasMessageNotContaining("enable");
    }
  }
}
