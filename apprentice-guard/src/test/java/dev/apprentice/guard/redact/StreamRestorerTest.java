package dev.apprentice.guard.redact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.guard.pii.PiiScanner;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamRestorerTest {

  private RedactionSession session;

  @BeforeEach
  void redactTwoValues() {
    session = new Redactor(List.of(new PiiScanner())).session();
    session.redact("a@example.com and 650-253-0000");
  }

  private String streamInTwo(String answer, int split) {
    StreamRestorer restorer = session.restorer();
    return restorer.push(answer.substring(0, split)) + restorer.push(answer.substring(split)) + restorer.finish();
  }

  @Test
  void aPlaceholderSplitAtEveryPossiblePointIsRestored() {
    String answer = "Write to <EMAIL_1> or ring <PHONE_NUMBER_1>.";
    String expected = "Write to a@example.com or ring 650-253-0000.";
    for (int split = 0; split <= answer.length(); split++) {
      assertThat(streamInTwo(answer, split)).as("split at " + split).isEqualTo(expected);
    }
  }

  @Test
  void aPlaceholderSpreadOverManyTinyChunksIsRestored() {
    StreamRestorer restorer = session.restorer();
    StringBuilder out = new StringBuilder();
    for (char c : "x<EMAIL_1>y".toCharArray()) out.append(restorer.push(String.valueOf(c)));
    out.append(restorer.finish());
    assertThat(out).hasToString("xa@example.comy");
  }

  @Test
  void onlyAPossiblePlaceholderStartIsHeldBack() {
    StreamRestorer restorer = session.restorer();
    assertThat(restorer.push("Hello <EMA")).isEqualTo("Hello ");
    assertThat(restorer.push("IL_1> bye")).isEqualTo("a@example.com bye");
    assertThat(restorer.push("plain text")).isEqualTo("plain text");
    assertThat(restorer.finish()).isEmpty();
  }

  @Test
  void anUnknownPlaceholderSplitAcrossChunksComesOutUnchanged() {
    String answer = "see <EMAIL_9> and <PERSON_1>";
    for (int split = 0; split <= answer.length(); split++) {
      assertThat(streamInTwo(answer, split)).as("split at " + split).isEqualTo(answer);
    }
  }

  @Test
  void textThatMerelyContainsALessThanSignPassesThrough() {
    StreamRestorer restorer = session.restorer();
    assertThat(restorer.push("if a < b")).isEqualTo("if a < b");
    assertThat(restorer.push(" and <html> or <")).isEqualTo(" and <html> or ");
    assertThat(restorer.push("3 ok")).isEqualTo("<3 ok");
    assertThat(restorer.finish()).isEmpty();
  }

  @Test
  void whatIsStillHeldAtTheEndIsFlushed() {
    StreamRestorer restorer = session.restorer();
    assertThat(restorer.push("cut off <EMAI")).isEqualTo("cut off ");
    assertThat(restorer.finish()).isEqualTo("<EMAI");
  }
  @Test
  void aPlaceholderWhoseBracketsAreUnicodeEscapesInJsonIsRestoredWhereverTheStreamSplitsIt() {
    for (String arguments : List.of("{\"q\": \"email \\u003cEMAIL_1\\u003e\"}", "{\"q\": \"email \\u003CEMAIL_1\\u003E\"}",
        "{\"q\": \"email <EMAIL_1\\u003e\"}", "{\"q\": \"email \\u003cEMAIL_1>\"}")) {
      for (int split = 0; split <= arguments.length(); split++) {
        StreamRestorer restorer = session.jsonRestorer();
        String out = restorer.push(arguments.substring(0, split)) + restorer.push(arguments.substring(split))
            + restorer.finish();
        assertThat(out).as(arguments + " split at " + split).isEqualTo("{\"q\": \"email a@example.com\"}");
      }
    }
  }

  @Test
  void inJsonOnlyWhatCouldStillBecomeAnEscapedPlaceholderIsHeldBack() {
    StreamRestorer restorer = session.jsonRestorer();
    assertThat(restorer.push("{\"name\": \"Zo\\u00eb\", \"to\": \"\\u00")).isEqualTo("{\"name\": \"Zo\\u00eb\", \"to\": \"");
    assertThat(restorer.push("3cEMAIL_1\\u00")).isEmpty();
    assertThat(restorer.push("3e\"}")).isEqualTo("a@example.com\"}");
    assertThat(restorer.push("a \\\\u003cEMAIL_1\\u003e")).as("an escaped backslash, then the letters u003c")
        .isEqualTo("a \\\\u003cEMAIL_1\\u003e");
    assertThat(restorer.finish()).isEmpty();
  }

  @Test
  void escapedBracketsAreOnlyReadInJson() {
    assertThat(session.restore("email \\u003cEMAIL_1\\u003e")).isEqualTo("email \\u003cEMAIL_1\\u003e");
    assertThat(session.restoreInJson("email \\u003cEMAIL_1\\u003e")).isEqualTo("email a@example.com");
  }
}
