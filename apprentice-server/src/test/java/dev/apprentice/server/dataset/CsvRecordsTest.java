package dev.apprentice.server.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {

  @Test
  void eachRecordKnowsTheLineItStartsOnAcrossQuotedLineBreaksAndEmptyLines() throws Exception {
    CsvRecords records = new CsvRecords(new StringReader(
        "input,expected\r\n\"two\nlines, \"\"quoted\"\"\",a\n\nplain,b\n"));
    List<String> lines = new ArrayList<>();

    for (List<String> r = records.next(); r != null; r = records.next()) lines.add(records.recordLine() + ":" + r);

    assertThat(lines).containsExactly("1:[input, expected]", "2:[two\nlines, \"quoted\", a]", "5:[plain, b]");
  }

  @Test
  void aQuotedFieldThatNeverClosesNamesTheLineItStartsOn() throws Exception {
    CsvRecords records = new CsvRecords(new StringReader("input,expected\n\"open,a\nmore\n"));
    records.next();

    assertThatThrownBy(records::next).isInstanceOf(DatasetRowException.class)
        .hasMessage("line 2: a quoted field is never closed");
  }

  @Test
  void aHeaderThatNamesAColumnTwiceIsRefusedAtLineOne() throws Exception {
    CsvRecords records = new CsvRecords(new StringReader("\uFEFFtext,category,text\na,b,c\n"));

    assertThatThrownBy(records::header).isInstanceOf(DatasetRowException.class)
        .hasMessage("line 1: the header names the column 'text' twice (columns 1 and 3); rename one");
  }
}
