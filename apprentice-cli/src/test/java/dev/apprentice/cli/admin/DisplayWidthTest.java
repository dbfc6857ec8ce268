package dev.apprentice.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The columns a terminal draws text in, emoji included, as Unicode's East Asian Width says. */
class DisplayWidthTest {

  @ParameterizedTest(name = "{0} takes {1} columns")
  @CsvSource(delimiter = '|', textBlock = """
      abc                 | 3
      模型                | 4
      Zu\u0308rich        | 6
      \u2705              | 2
      \u26a1              | 2
      \u231b              | 2
      \u2b50 ok           | 5
      \u274c\u2753        | 4
      \u2714              | 1
      \u2764              | 1
      \ud83d\ude80        | 2
      \ud83d\udfe2        | 2
      \ud83c\ude01        | 2
      \ud83c\uddeb\ud83c\uddf7 | 2
      """)
  void emojiAndFlagsTakeTheColumnsEastAsianWidthGivesThemAsTerminalsDrawThem(String text, int columns) {
    assertThat(DisplayWidth.of(text)).isEqualTo(columns);
  }
}
