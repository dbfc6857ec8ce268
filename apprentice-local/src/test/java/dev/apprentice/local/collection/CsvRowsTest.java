package dev.apprentice.local.collection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRowsTest {

  @Test
  void quotedFieldsKeepCommasDoubledQuotesAndLineBreaks() {
    String csv = "text,category\r\n\"Hi, \"\"there\"\"\nsecond line\",greeting\r\nplain,x\n";
    assertThat(CsvRows.parse(csv)).containsExactly(List.of("text", "category"),
        List.of("Hi, \"there\"\nsecond line", "greeting"), List.of("plain", "x"));
  }

  @Test
  void aLastLineWithoutALineEndIsStillARecord() {
    assertThat(CsvRows.parse("a,b\nc,\"\"")).containsExactly(List.of("a", "b"), List.of("c", ""));
  }
}
