package dev.apprentice.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Utf8Test {

  @Test
  void wellFormedTextOfEveryLengthPasses() {
    assertThat(Utf8.firstInvalid(bytes("plain ascii, longer than eight bytes"))).isEqualTo(-1);
    assertThat(Utf8.firstInvalid(bytes("café € 😀 \uDBFF\uDFFF"))).isEqualTo(-1); // up to U+10FFFF
    assertThat(Utf8.firstInvalid(new byte[0])).isEqualTo(-1);
  }

  @Test
  void anOverlongSlashIsRefusedAtItsFirstByte() {
    assertThat(Utf8.firstInvalid(hex("61 C0 AF 62"))).isEqualTo(1);
    assertThat(Utf8.firstInvalid(hex("61 C1 BF 62"))).isEqualTo(1);
    assertThat(Utf8.firstInvalid(hex("61 E0 80 AF 62"))).isEqualTo(1);
    assertThat(Utf8.firstInvalid(hex("61 F0 80 80 AF 62"))).isEqualTo(1);
  }

  @Test
  void aSurrogateIsRefused() {
    assertThat(Utf8.firstInvalid(hex("61 ED A0 80 62"))).isEqualTo(1);
    assertThat(Utf8.firstInvalid(hex("61 ED BF BF 62"))).isEqualTo(1);
    assertThat(Utf8.firstInvalid(hex("61 ED 9F BF 62"))).isEqualTo(-1); // U+D7FF, just below
  }

  @Test
  void aCodePointAboveU10FFFFIsRefused() {
    assertThat(Utf8.firstInvalid(hex("61 F4 90 80 80 62"))).isEqualTo(1);
    assertThat(Utf8.firstInvalid(hex("61 F5 80 80 80 62"))).isEqualTo(1);
    assertThat(Utf8.firstInvalid(hex("61 F4 8F BF BF 62"))).isEqualTo(-1); // U+10FFFF itself
  }

  @Test
  void strayMissingAndCutShortContinuationBytesAreRefused() {
    assertThat(Utf8.firstInvalid(hex("61 80 62"))).isEqualTo(1);
    assertThat(Utf8.firstInvalid(hex("61 C3 28"))).isEqualTo(1);
    assertThat(Utf8.firstInvalid(hex("61 E2 82"))).isEqualTo(1);
    assertThat(Utf8.firstInvalid(hex("61 FF"))).isEqualTo(1);
  }

  @Test
  void theOffsetIsRightAfterALongAsciiRun() {
    byte[] text = bytes("0123456789abcdefghij?");
    text[19] = (byte) 0xC0;
    assertThat(Utf8.firstInvalid(text)).isEqualTo(19);
  }

  @Test
  void itAgreesWithTheJdksStrictDecoderOnRandomBytes() {
    SplittableRandom random = new SplittableRandom(42);
    for (int round = 0; round < 20_000; round++) {
      byte[] bytes = new byte[random.nextInt(1, 24)];
      for (int i = 0; i < bytes.length; i++) {
        // mostly ASCII and the lead and continuation bytes around the edges of the table
        int pick = random.nextInt(6);
        bytes[i] = (byte) (pick < 2 ? random.nextInt(0x20, 0x7F) : pick < 4 ? random.nextInt(0x80, 0xC0)
            : random.nextInt(0xC0, 0x100));
      }
      assertThat(Utf8.firstInvalid(bytes) < 0).as(java.util.HexFormat.ofDelimiter(" ").formatHex(bytes))
          .isEqualTo(jdkAccepts(bytes));
    }
  }

  private static boolean jdkAccepts(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] hex(String hex) {
    return java.util.HexFormat.ofDelimiter(" ").parseHex(hex);
  }
}
