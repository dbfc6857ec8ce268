package dev.apprentice.local.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkerTest {

  private static final String SENTENCE = "The quick brown fox jumps over the lazy dog. ";

  @Test
  void emptyAndBlankTextsHaveNoChunks() {
    Chunker chunker = new Chunker(100, 20);
    assertThat(chunker.split("")).isEmpty();
    assertThat(chunker.split(" \r\n\t \n")).isEmpty();
  }

  @Test
  void aShortTextIsOneChunkWithoutItsSurroundingWhitespace() {
    List<Chunker.Chunk> chunks = new Chunker(100, 20).split("\n  Hello there.  \r\n");
    assertThat(chunks).extracting(Chunker.Chunk::text).containsExactly("Hello there.");
    assertThat(chunks.getFirst().start()).isEqualTo(3);
  }

  @Test
  void aParagraphBreakInTheSecondHalfOfTheWindowIsPreferred() {
    String first = SENTENCE.repeat(3).strip();
    String text = first + "\r\n\r\n" + SENTENCE.repeat(3);
    List<Chunker.Chunk> chunks = new Chunker(200, 0).split(text);
    assertThat(chunks.getFirst().text()).isEqualTo(first);
    assertThat(chunks.get(1).text()).startsWith("The quick");
  }

  @Test
  void withoutAParagraphBreakASentenceEndIsPreferredOverAnyWhitespace() {
    String text = SENTENCE.repeat(10);
    for (Chunker.Chunk chunk : new Chunker(120, 0).split(text)) {
      assertThat(chunk.text()).startsWith("The quick").endsWith("dog.");
    }
  }

  @Test
  void withoutSentencesTheCutFallsAtWhitespaceSoNoWordIsSplit() {
    String text = "alpha beta gamma delta epsilon ".repeat(40);
    for (Chunker.Chunk chunk : new Chunker(100, 30).split(text)) {
      assertThat(chunk.text().length()).isLessThanOrEqualTo(100);
      for (String word : chunk.text().split(" ")) assertThat(word).isIn("alpha", "beta", "gamma", "delta", "epsilon");
    }
  }

  @Test
  void oneHugeWordIsCutIntoOverlappingPiecesOfTheSize() {
    String word = "x".repeat(1000);
    List<Chunker.Chunk> chunks = new Chunker(100, 10).split(word);
    assertThat(chunks).allSatisfy(c -> assertThat(c.text().length()).isLessThanOrEqualTo(100));
    assertThat(chunks.getFirst().start()).isZero();
    assertThat(chunks.getLast().end()).isEqualTo(1000);
    for (int i = 1; i < chunks.size(); i++) assertThat(chunks.get(i).start()).isEqualTo(chunks.get(i - 1).end() - 10);
  }

  @Test
  void aSurrogatePairIsNeverCutInTwo() {
    String text = "😀".repeat(200);
    for (Chunker.Chunk chunk : new Chunker(51, 5).split(text)) {
      assertThat(Character.isLowSurrogate(chunk.text().charAt(0))).isFalse();
      assertThat(Character.isHighSurrogate(chunk.text().charAt(chunk.text().length() - 1))).isFalse();
    }
  }

  @Test
  void consecutiveChunksOverlapByAboutTheOverlapAtAWordStart() {
    String text = "one two three four five six seven eight nine ten ".repeat(30);
    List<Chunker.Chunk> chunks = new Chunker(200, 50).split(text);
    assertThat(chunks).hasSizeGreaterThan(5);
    for (int i = 1; i < chunks.size(); i++) {
      Chunker.Chunk previous = chunks.get(i - 1);
      Chunker.Chunk chunk = chunks.get(i);
      assertThat(chunk.start()).isBetween(previous.end() - 50, previous.end());
      assertThat(Character.isWhitespace(text.charAt(chunk.start() - 1))).isTrue();
    }
  }

  @Test
  void everyNonWhitespaceCharacterOfARandomTextLiesInSomeChunkAndChunksAreExactSubstrings() {
    Random random = new Random(7);
    String[] pieces = {"word", "Longer-word", "x", ".", "! ", "? ", " ", "  ", "\n", "\r\n", "\n\n", "\r\n\r\n", "é",
        "😀", "\t", "a".repeat(150)};
    for (int round = 0; round < 50; round++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(3000);
      while (text.length() < length) text.append(pieces[random.nextInt(pieces.length)]);
      int size = 50 + random.nextInt(400);
      Chunker chunker = new Chunker(size, random.nextInt(size / 2 + 1));
      boolean[] covered = new boolean[text.length()];
      int lastStart = -1;
      for (Chunker.Chunk chunk : chunker.split(text.toString())) {
        assertThat(chunk.text()).isEqualTo(text.substring(chunk.start(), chunk.end())).isNotBlank();
        assertThat(chunk.text().length()).isLessThanOrEqualTo(size);
        assertThat(chunk.start()).isGreaterThan(lastStart);
        lastStart = chunk.start();
        for (int i = chunk.start(); i < chunk.end(); i++) covered[i] = true;
      }
      for (int i = 0; i < covered.length; i++) {
        if (!Character.isWhitespace(text.charAt(i))) assertThat(covered[i]).as("character %d covered", i).isTrue();
      }
    }
  }

  @Test
  void chunksAreNumberedFromZero() {
    List<Chunker.Chunk> chunks = new Chunker(60, 0).split(SENTENCE.repeat(5));
    for (int i = 0; i < chunks.size(); i++) assertThat(chunks.get(i).index()).isEqualTo(i);
  }

  @Test
  void sizesAndOverlapsOutOfRangeAreRefused() {
    assertThatThrownBy(() -> new Chunker(10, 0)).hasMessageContaining("chunk size must be 50");
    assertThatThrownBy(() -> new Chunker(100, 51)).hasMessageContaining("half the chunk size");
    assertThatThrownBy(() -> new Chunker(100, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theDefaultOverlapIsAHundredCharactersOrHalfAChunkWhenThatIsLessSoItFitsEverySize() {
    assertThat(Chunker.defaultOverlap(Chunker.DEFAULT_SIZE)).isEqualTo(100);
    assertThat(Chunker.defaultOverlap(200)).isEqualTo(100);
    assertThat(Chunker.defaultOverlap(150)).isEqualTo(75);
    for (int size = Chunker.MIN_SIZE; size <= 400; size++) {
      new Chunker(size, Chunker.defaultOverlap(size)); // accepted: never over half a chunk
    }
  }
}
