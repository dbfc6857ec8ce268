package dev.apprentice.local.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

  @Test
  void quotedFieldsKeepCommasQuotesAndLineBreaks() {
    List<List<String>> rows = Csv.parse("text,category\r\n\"a, \"\"b\"\"\nc\",x\nplain,y\n");

    assertThat(rows).containsExactly(List.of("text", "category"), List.of("a, \"b\"\nc", "x"), List.of("plain", "y"));
  }

  @Test
  void anEmptyQuotedFieldIsAnEmptyString() {
    assertThat(Csv.parse("\"\",z")).containsExactly(List.of("", "z"));
  }
}
