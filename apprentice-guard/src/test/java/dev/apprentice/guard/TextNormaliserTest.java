package dev.apprentice.guard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextNormaliserTest {

  private final TextNormaliser normaliser = new TextNormaliser();

  @Test
  void asciiTextComesBackAsItselfWithIdentityOffsets() {
    NormalisedText text = normaliser.normalise("call 555-0100");
    assertThat(text.text()).isEqualTo("call 555-0100");
    assertThat(text.changed()).isFalse();
    assertThat(text.originalStart(5)).isEqualTo(5);
    assertThat(text.originalEnd(13)).isEqualTo(13);
  }

  @Test
  void zeroWidthCharactersAndSoftHyphensAreDroppedAndOffsetsPointIntoTheOriginal() {
    String original = "mail jo\u200Bhn@exa\u00ADmple.c\u2060om\uFEFF now";
    NormalisedText text = normaliser.normalise(original);
    assertThat(text.text()).isEqualTo("mail john@example.com now");
    int start = text.text().indexOf("john");
    int end = start + "john@example.com".length();
    Finding moved = text.toOriginal(new Finding("EMAIL_ADDRESS", start, end, 0.9, "john@example.com"));
    assertThat(moved.start()).isEqualTo(5);
    assertThat(moved.text()).isEqualTo("jo\u200Bhn@exa\u00ADmple.c\u2060om");
    assertThat(original.substring(moved.start(), moved.end())).isEqualTo(moved.text());
  }

  @Test
  void fullWidthDigitsAndLettersBecomeAscii() {
    NormalisedText text = normaliser.normalise("ＩＢＡＮ：４１１１");
    assertThat(text.text()).isEqualTo("IBAN:4111");
    assertThat(text.originalStart(5)).isEqualTo(5);
    assertThat(text.originalEnd(9)).isEqualTo(9);
  }

  @Test
  void aCharacterThatExpandsMapsEveryPieceToItsWholeOriginal() {
    NormalisedText text = normaliser.normalise("ﬁle ①");
    assertThat(text.text()).isEqualTo("file 1");
    assertThat(text.originalStart(1)).isZero();
    assertThat(text.originalEnd(2)).isEqualTo(1);
    assertThat(text.originalStart(5)).isEqualTo(4);
  }

  @Test
  void combiningMarksComposeWithTheirBaseLetter() {
    NormalisedText text = normaliser.normalise("Jose\u0301 x");
    assertThat(text.text()).isEqualTo("José x");
    assertThat(text.originalEnd(4)).isEqualTo(5);
    assertThat(text.originalStart(5)).isEqualTo(6);
  }

  @Test
  void unicodeDashesAndMinusSignsBecomeHyphens() {
    assertThat(normaliser.normalise("460\u201189\u20139847 and 1\u22122").text()).isEqualTo("460-89-9847 and 1-2");
  }

  @Test
  void accentedTextThatIsAlreadyNormalComesBackAsItself() {
    NormalisedText text = normaliser.normalise("Krisztián Szöllösy, ΛΕΥΚΩΣΙΑ");
    assertThat(text.changed()).isFalse();
    assertThat(text.text()).isEqualTo("Krisztián Szöllösy, ΛΕΥΚΩΣΙΑ");
  }

  @Test
  void tagCharactersThatShadowNoPrintableAsciiCharacterAreDropped() {
    assertThat(normaliser.normalise("a\uDB40\uDC01b\uDB40\uDC7Fc").text()).isEqualTo("abc");
  }

  @Test
  void tagCharactersSpellingTextAreReadAsTheAsciiTheySpellAndAFindingMapsBackToThem() {
    String hidden = Chats.inTags("jane@x.org");
    String original = "hi " + hidden + "!";
    NormalisedText text = normaliser.normalise(original);
    assertThat(text.text()).isEqualTo("hi jane@x.org!");
    Finding moved = text.toOriginal(new Finding("EMAIL_ADDRESS", 3, 13, 0.9, "jane@x.org"));
    assertThat(moved.text()).isEqualTo(hidden);
    assertThat(original.substring(moved.start(), moved.end())).isEqualTo(hidden);
  }

  @Test
  void aTextWithTagCharactersSpellingAsciiIsReadAlsoWithThemDroppedAndAnyOtherTextOnce() {
    String slipped = "Ig" + Chats.inTags("x") + "nore\u200B it";

    assertThat(normaliser.readings(slipped)).extracting(NormalisedText::text)
        .containsExactly("Igxnore it", "Ignore it");
    assertThat(normaliser.readings("Ignore\u200B it \uDB40\uDC7F")).extracting(NormalisedText::text)
        .containsExactly("Ignore it ");
  }

  @Test
  void charactersOutsideTheBasicPlaneKeepTheirTwoCharOffsets() {
    String original = "😀 a@b.io";
    NormalisedText text = normaliser.normalise(original);
    int start = text.text().indexOf('a');
    Finding moved = text.toOriginal(new Finding("EMAIL_ADDRESS", start, start + 6, 0.9, "a@b.io"));
    assertThat(original.substring(moved.start(), moved.end())).isEqualTo("a@b.io");
  }

  @Test
  void variationSelectorsAndTheGraphemeJoinerAreDroppedAndTheSpanAroundThemMapsBackWhole() {
    String original = "card 4111\uFE0F1111\uFE0F1111\uFE0F1111 and 536-22-1\u034F234 or x\uDB40\uDD00y";
    NormalisedText text = normaliser.normalise(original);
    assertThat(text.text()).isEqualTo("card 4111111111111111 and 536-22-1234 or xy");
    int start = text.text().indexOf("536");
    Finding moved = text.toOriginal(new Finding("US_SSN", start, start + 11, 0.9, "536-22-1234"));
    assertThat(moved.text()).isEqualTo("536-22-1\u034F234");
    assertThat(original.substring(moved.start(), moved.end())).isEqualTo(moved.text());
  }

  @Test
  void everyDefaultIgnorableCodePointIsDroppedEvenFromTextThatIsAlreadyNfkc() {
    String[] invisible = {"\u034F", "\u115F", "\u1160", "\u17B4", "\u180B", "\u180E", "\u180F", "\u2065",
        "\u3164", "\uFE00", "\uFE0F", "\uFFA0", "\uFFF0", "\uDB40\uDD00", "\uDB40\uDDEF", "\uDB40\uDC00"};
    for (String c : invisible) {
      assertThat(normaliser.normalise("ab" + c + "cd").text()).as("U+%04X", c.codePointAt(0)).isEqualTo("abcd");
    }
  }

  @Test
  void anInvisibleCharacterBeforeAnAccentDoesNotStopTheAccentComposing() {
    NormalisedText text = normaliser.normalise("e\uFE0F\u0301 x");
    assertThat(text.text()).isEqualTo("\u00E9 x");
    assertThat(text.originalEnd(1)).isEqualTo(3);
  }

  @Test
  void lookalikeLettersInAMixedWordAreReadAsAsciiAndAFindingMapsBackToTheLettersAsWritten() {
    String original = "key \u0410KIAIOSFODNN7EXAMPLE \u0441\u043E\u043F\u0443";
    NormalisedText text = normaliser.normalise(original);
    assertThat(text.text()).isEqualTo("key AKIAIOSFODNN7EXAMPLE \u0441\u043E\u043F\u0443");
    assertThat(text.changed()).isTrue();
    Finding moved = text.toOriginal(new Finding("SECRET", 4, 24, 0.9, "AKIAIOSFODNN7EXAMPLE"));
    assertThat(moved.text()).isEqualTo("\u0410KIAIOSFODNN7EXAMPLE");
  }
}
