package dev.apprentice.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DataUrlTest {

  private static String base64(String text, java.nio.charset.Charset charset) {
    return Base64.getEncoder().encodeToString(text.getBytes(charset));
  }

  @Test
  void aBase64TextFileReadsAsItsTextAndIsWrittenBackAsBase64() {
    DataUrl url = DataUrl.parse("data:text/plain;base64," + base64("Mail jane@example.com", StandardCharsets.UTF_8));

    assertThat(url.mediaType()).isEqualTo("text/plain");
    assertThat(url.textual()).isTrue();
    assertThat(url.text()).isEqualTo("Mail jane@example.com");
    DataUrl rewritten = url.withText("Mail <EMAIL_1>");
    assertThat(rewritten.url()).isEqualTo("data:text/plain;base64," + base64("Mail <EMAIL_1>", StandardCharsets.UTF_8));
    assertThat(DataUrl.parse(rewritten.url()).text()).isEqualTo("Mail <EMAIL_1>");
  }

  @Test
  void aPercentEncodedTextFileStaysPercentEncodedAndAPlusStaysAPlus() {
    DataUrl url = DataUrl.parse("data:text/plain,1+1%20is%202%2C%20ask%20jane%40example.com%0A");

    assertThat(url.base64()).isFalse();
    assertThat(url.text()).isEqualTo("1+1 is 2, ask jane@example.com\n");
    String rewritten = url.withText("1+1 is 2, ask <EMAIL_1>\n").url();
    assertThat(rewritten).isEqualTo("data:text/plain,1%2B1%20is%202%2C%20ask%20%3CEMAIL_1%3E%0A");
    assertThat(DataUrl.parse(rewritten).text()).isEqualTo("1+1 is 2, ask <EMAIL_1>\n");
  }

  @Test
  void theCharsetIsKeptBothWaysAndEveryOtherParameterWithIt() {
    String latin = "Café de l'Opéra: écrivez à jane@example.com";
    String written = "data:text/plain;name=notes.txt;charset=ISO-8859-1;base64,"
        + base64(latin, StandardCharsets.ISO_8859_1);
    DataUrl url = DataUrl.parse(written);

    assertThat(url.charset()).isEqualTo("ISO-8859-1");
    assertThat(url.text()).isEqualTo(latin);
    assertThat(url.url()).isEqualTo(written);
    DataUrl rewritten = url.withText("Café de l'Opéra: écrivez à <EMAIL_1>");
    assertThat(rewritten.url()).startsWith("data:text/plain;name=notes.txt;charset=ISO-8859-1;base64,")
        .endsWith(base64("Café de l'Opéra: écrivez à <EMAIL_1>", StandardCharsets.ISO_8859_1));
    String percent = DataUrl.parse("data:text/plain;charset=iso-8859-1,caf%E9").withText("caf\u00e9 <EMAIL_1>").url();
    assertThat(percent).isEqualTo("data:text/plain;charset=iso-8859-1,caf%E9%20%3CEMAIL_1%3E");
  }

  @Test
  void aTextItsCharsetCannotWriteIsWrittenInUtf8AndTheCharsetSaysSo() {
    DataUrl ascii = DataUrl.parse("data:text/plain;charset=US-ASCII;base64," + base64("bad \u00ff byte",
        StandardCharsets.ISO_8859_1));

    assertThat(ascii.text()).isEqualTo("bad \uFFFD byte");
    DataUrl rewritten = ascii.withText("bad \uFFFD byte <EMAIL_1>");
    assertThat(rewritten.charset()).isEqualTo("utf-8");
    assertThat(rewritten.text()).isEqualTo("bad \uFFFD byte <EMAIL_1>");
  }

  @Test
  void badDataUrlsSayWhatIsWrongWithoutQuotingTheData() {
    assertThatThrownBy(() -> DataUrl.parse("text/plain;base64,aGk=")).hasMessageStartingWith("must be a data URL");
    assertThatThrownBy(() -> DataUrl.parse("data:text/plain;base64")).hasMessageStartingWith("must be a data URL");
    assertThatThrownBy(() -> DataUrl.parse("data:text/plain;base64,not base64!").text())
        .hasMessageStartingWith("is not valid base64");
    assertThatThrownBy(() -> DataUrl.parse("data:text/plain,50%").text())
        .hasMessageStartingWith("is not valid percent-encoding");
    assertThatThrownBy(() -> DataUrl.parse("data:text/plain;charset=klingon;base64,aGk=").text())
        .hasMessage("names an unknown charset 'klingon'");
  }

  @Test
  void onlyATrailingBase64MarksBase64AndThePdfIsNoText() {
    assertThat(DataUrl.parse("data:text/plain;base64;x=y,aGk=").base64()).isFalse();
    DataUrl pdf = DataUrl.parse("DATA:Application/PDF;base64,JVBERi0xLjQK");
    assertThat(pdf.mediaType()).isEqualTo("application/pdf");
    assertThat(pdf.textual()).isFalse();
    assertThat(DataUrl.is("Data:image/png;base64,iVBORw0KGgo=")).isTrue();
    assertThat(DataUrl.is("https://example.com/data:x")).isFalse();
  }
}
