package dev.apprentice.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TableTest {

  private static String print(Table table) {
    StringWriter out = new StringWriter();
    table.print(new PrintWriter(out, true));
    return out.toString();
  }

  @Test
  void controlAndFormatCharactersInACellArePrintedAsQuestionMarksOnOneLine() {
    String printed = print(new Table().column("NAME").column("TENANT")
        .row("a\nb\u0000\u001b[31mred", "evil\u202Egpj").row("plain — Zürich 🙂", "acme"));

    assertThat(printed.lines()).containsExactly("NAME               TENANT", "a?b??[31mred       evil?gpj",
        "plain — Zürich 🙂  acme");
  }

  @Test
  void aFormatCharacterOutsideTheBasicPlaneIsPrintedAsOneQuestionMark() {
    String printed = print(new Table().column("NAME").row("tag\uDB40\uDC01ged"));

    assertThat(printed.lines().map(String::strip)).containsExactly("NAME", "tag?ged");
  }

  @Test
  void emojiOfTheTransportAndLaterBlocksAreDrawnTwoColumnsWideAsTheEarlierOnesAre() {
    String printed = print(new Table().column("TENANT").number("CALLS")
        .row("\uD83D\uDE80", "1").row("\uD83E\uDE90x", "2").row("\uD83D\uDE00", "3").row("abc", "4"));

    assertThat(printed.lines()).containsExactly(
        "TENANT  CALLS",
        "\uD83D\uDE80          1",
        "\uD83E\uDE90x         2",
        "\uD83D\uDE00          3",
        "abc         4");
  }

  @Test
  void basicPlaneEmojiFlagsAndJoinedEmojiKeepTheColumnsInLineWithTheJoinerShownAsAQuestionMark() {
    String printed = print(new Table().column("STATUS").number("CALLS")
        .row("\u2705", "1").row("\uD83C\uDDEB\uD83C\uDDF7", "2").row("\uD83D\uDC69\u200D\uD83D\uDCBB", "3"));

    assertThat(printed.lines()).containsExactly(
        "STATUS  CALLS",
        "\u2705          1",
        "\uD83C\uDDEB\uD83C\uDDF7          2",
        "\uD83D\uDC69?\uD83D\uDCBB       3");
  }

  @Test
  void wideCharactersAndCombiningMarksKeepTheColumnsInLineAsATerminalDrawsThem() {
    String printed = print(new Table().column("MODEL").column("TENANT").number("CALLS")
        .row("模型", "acme", "1").row("Zu\u0308rich", "globex", "12").row("plain", "x", "3"));

    assertThat(printed.lines()).containsExactly(
        "MODEL   TENANT  CALLS",
        "模型    acme        1",
        "Zu\u0308rich  globex     12",
        "plain   x           3");
  }
}
