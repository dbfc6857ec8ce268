package dev.apprentice.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.guard.Finding;
import org.junit.jupiter.api.Test;

class PiiNormalisationTest {

  private final PiiScanner scanner = new PiiScanner();

  @Test
  void zeroWidthCharactersInsideAnEmailDoNotHideIt() {
    String text = "mail jane\u200B.doe@exam\u200Dple.com\u2060 now";
    Finding email = scanner.scan(text).findings().getFirst();
    assertThat(email.type()).isEqualTo("EMAIL_ADDRESS");
    assertThat(email.start()).isEqualTo(5);
    assertThat(email.text()).isEqualTo("jane\u200B.doe@exam\u200Dple.com");
    assertThat(text.substring(email.start(), email.end())).isEqualTo(email.text());
  }

  @Test
  void fullWidthDigitsInACardAreFoundWithOriginalOffsets() {
    String text = "カード ４１１１　１１１１　１１１１　１１１１ です";
    Finding card = scanner.scan(text).findings().getFirst();
    assertThat(card.type()).isEqualTo("CREDIT_CARD");
    assertThat(card.start()).isEqualTo(4);
    assertThat(card.end()).isEqualTo(23);
    assertThat(card.text()).isEqualTo("４１１１　１１１１　１１１１　１１１１");
  }

  @Test
  void aPhoneNumberInArabicIndicDigitsIsFoundAsTheModelReadsIt() {
    String text = "اتصل على \u0664\u0661\u0665-\u0665\u0665\u0665-\u0662\u0666\u0667\u0661 الآن";
    assertThat(Found.in(text)).containsExactly(
        "PHONE_NUMBER:\u0664\u0661\u0665-\u0665\u0665\u0665-\u0662\u0666\u0667\u0661");
  }

  @Test
  void aCardInDevanagariDigitsAndAnSsnInPersianDigitsAreFoundWithOriginalOffsets() {
    String card = "\u096a\u0967\u0967\u0967 \u0967\u0967\u0967\u0967 \u0967\u0967\u0967\u0967 \u0967\u0967\u0967\u0967";
    String ssn = "\u06f5\u06f3\u06f6-\u06f8\u06f2-\u06f9\u06f1\u06f0\u06f4";
    String text = "card " + card + " and ssn " + ssn;

    assertThat(scanner.scan(text).findings()).extracting(Finding::type, Finding::start, Finding::text).containsExactly(
        org.assertj.core.groups.Tuple.tuple("CREDIT_CARD", 5, card),
        org.assertj.core.groups.Tuple.tuple("US_SSN", 33, ssn));
  }

  @Test
  void anIdeographicFullStopBetweenTheLabelsOfAnAddressIsReadAsTheDotMailClientsReadIt() {
    String text = "写信给 jane@bank\u3002example\uFF61com\u3002谢谢";
    assertThat(Found.in(text)).containsExactly("EMAIL_ADDRESS:jane@bank\u3002example\uFF61com");
  }

  @Test
  void aTagCharacterSlippedInsideAVisibleAddressOrCardDoesNotHideIt() {
    String email = "jane" + dev.apprentice.guard.Chats.inTags(" ") + "@example.com";
    String card = "4111 1111" + dev.apprentice.guard.Chats.inTags("x") + " 1111 1111";
    assertThat(Found.in("mail " + email + " now")).containsExactly("EMAIL_ADDRESS:" + email);
    assertThat(Found.in("card " + card + " now")).containsExactly("CREDIT_CARD:" + card);
  }

  @Test
  void anIdeographicFullStopEndingAChineseSentenceStaysOne() {
    assertThat(new dev.apprentice.guard.TextNormaliser().normalise("我用Java\u3002你呢\u3002OK").text())
        .isEqualTo("我用Java\u3002你呢\u3002OK");
  }

  @Test
  void aSoftHyphenSplittingAnIbanDoesNotHideIt() {
    String text = "IBAN DE8937040044\u00AD0532013000";
    Finding iban = scanner.scan(text).findings().getFirst();
    assertThat(iban.type()).isEqualTo("IBAN_CODE");
    assertThat(iban.text()).isEqualTo("DE8937040044\u00AD0532013000");
  }

  @Test
  void nonBreakingHyphensInAnSsnAreReadAsDashes() {
    assertThat(Found.in("SSN 536\u201182\u20119104")).containsExactly("US_SSN:536\u201182\u20119104");
  }

  @Test
  void variationSelectorsAndGraphemeJoinersInsideACardAnSsnAndAnEmailDoNotHideThem() {
    assertThat(Found.in("card 4111\uFE0F1111\uFE0F1111\uFE0F1111 thanks"))
        .containsExactly("CREDIT_CARD:4111\uFE0F1111\uFE0F1111\uFE0F1111");
    assertThat(Found.in("my SSN is 536-22-1\u034F234")).containsExactly("US_SSN:536-22-1\u034F234");
    assertThat(Found.in("write to jane@exam\u034Fple.com")).containsExactly("EMAIL_ADDRESS:jane@exam\u034Fple.com");
  }

  @Test
  void cyrillicLookalikeLettersInAnEmailAddressDoNotHideIt() {
    assertThat(Found.in("write to j\u0430ne@ex\u0430mple.com today"))
        .containsExactly("EMAIL_ADDRESS:j\u0430ne@ex\u0430mple.com");
  }
}
