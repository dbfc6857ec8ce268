package dev.apprentice.guard.redact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.guard.pii.PiiScanner;
import dev.apprentice.guard.secrets.SecretScanner;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactionSessionTest {

  private final Redactor redactor = new Redactor(List.of(new PiiScanner(), new SecretScanner()));

  @Test
  void findingsBecomeTypedPlaceholdersAndRestoreBringsTheOriginalsBack() {
    RedactionSession session = redactor.session();
    String text = "Mail jane@example.com or call 650-253-0000 about card 4111 1111 1111 1111.";
    Redaction redaction = session.redact(text);
    assertThat(redaction.text())
        .isEqualTo("Mail <EMAIL_1> or call <PHONE_NUMBER_1> about card <CREDIT_CARD_1>.");
    assertThat(redaction.findings()).hasSize(3);
    assertThat(session.restore(redaction.text())).isEqualTo(text);
  }

  @Test
  void aRepeatedValueGetsTheSamePlaceholderAndADifferentValueTheNextNumber() {
    RedactionSession session = redactor.session();
    String redacted = session.redact("a@example.com, b@example.com, a@example.com").text();
    assertThat(redacted).isEqualTo("<EMAIL_1>, <EMAIL_2>, <EMAIL_1>");
    assertThat(session.redact("again a@example.com").text()).isEqualTo("again <EMAIL_1>");
    assertThat(session.placeholders()).containsEntry("<EMAIL_2>", "b@example.com");
  }

  @Test
  void theModelsAnswerIsRestoredEvenWhenItReordersPlaceholders() {
    RedactionSession session = redactor.session();
    session.redact("from a@example.com to b@example.com");
    assertThat(session.restore("Sent <EMAIL_2> a copy, cc <EMAIL_1>."))
        .isEqualTo("Sent b@example.com a copy, cc a@example.com.");
  }

  @Test
  void aPlaceholderTheSessionNeverHandedOutStaysAsItIs() {
    RedactionSession session = redactor.session();
    session.redact("mail a@example.com");
    assertThat(session.restore("<EMAIL_1> and <EMAIL_7> and <PERSON_1>"))
        .isEqualTo("a@example.com and <EMAIL_7> and <PERSON_1>");
  }

  @Test
  void aPlaceholderAlreadyWrittenInTheInputIsNotReusedForAValue() {
    RedactionSession session = redactor.session();
    String redacted = session.redact("literal <EMAIL_1> then a@example.com").text();
    assertThat(redacted).isEqualTo("literal <EMAIL_1> then <EMAIL_2>");
    assertThat(session.restore(redacted)).isEqualTo("literal <EMAIL_1> then a@example.com");
  }

  @Test
  void secretsAreRedactedToo() {
    RedactionSession session = redactor.session();
    String key = "AKIA" + "Z7ZQ3XMPL5K2WQ4R";
    Redaction redaction = session.redact("key " + key + " for a@example.com");
    assertThat(redaction.text()).isEqualTo("key <SECRET_1> for <EMAIL_1>");
    assertThat(session.restore(redaction.text())).contains(key);
  }

  @Test
  void textWithoutFindingsIsUnchanged() {
    RedactionSession session = redactor.session();
    assertThat(session.redact("if a < b then b > a").text()).isEqualTo("if a < b then b > a");
    assertThat(session.restore("if a < b then b > a")).isEqualTo("if a < b then b > a");
  }
}
