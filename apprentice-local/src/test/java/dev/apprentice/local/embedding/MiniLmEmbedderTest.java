package dev.apprentice.local.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.apprentice.api.Embedding;
import java.util.List;
import org.junit.jupiter.api.Test;

class MiniLmEmbedderTest {

  private final MiniLmEmbedder embedder = SharedModel.embedder();

  @Test
  void theModelIsNamedAndSizedAsDocumented() {
    assertThat(embedder.model()).isEqualTo("local/all-minilm-l6-v2");
    assertThat(embedder.dimensions()).isEqualTo(384);
    assertThat(embedder.maxTokens()).isEqualTo(256);
  }

  @Test
  void vectorsHave384DimensionsAndUnitLength() {
    for (Embedding embedding : embedder.embed(List.of("How do I reset my PIN?", "x", "The weather is nice today."))) {
      assertThat(embedding.vector()).hasSize(384);
      assertThat(embedding.cosine(embedding)).isCloseTo(1.0, within(1e-5));
    }
  }

  @Test
  void paraphrasesScoreHigherThanUnrelatedPairs() {
    List<Embedding> e = embedder.embed(List.of(
        "How can I change my card's PIN?", "I want to set a new PIN for my card.",
        "The cat slept on the warm windowsill all afternoon.", "Which exchange rate do you use for euros?"));

    double paraphrase = e.get(0).cosine(e.get(1));
    assertThat(paraphrase).isGreaterThan(0.6);
    assertThat(paraphrase).isGreaterThan(e.get(0).cosine(e.get(2)) + 0.3);
    assertThat(paraphrase).isGreaterThan(e.get(0).cosine(e.get(3)) + 0.2);
  }

  @Test
  void anEmptyTextHasAnEmbeddingOfItsTwoSpecialTokens() {
    Embedding empty = embedder.embed("");

    assertThat(empty.tokens()).isEqualTo(2);
    assertThat(empty.truncated()).isFalse();
    assertThat(empty.cosine(empty)).isCloseTo(1.0, within(1e-5));
  }

  @Test
  void aHundredThousandCharacterTextIsCutToTheWindowAndSaysSo() {
    String longText = "banking ".repeat(12_500);

    Embedding embedding = embedder.embed(longText);

    assertThat(longText).hasSize(100_000);
    assertThat(embedding.truncated()).isTrue();
    assertThat(embedding.tokens()).isEqualTo(256);
    assertThat(embedding.cosine(embedding)).isCloseTo(1.0, within(1e-5));
  }

  @Test
  void whetherATextIsOverTheWindowIsCountedByTheTokenizerNotByItsCharacters() {
    String korean = "보험금을 청구하려면 어떤 서류가 필요한가요? ".repeat(10).substring(0, 200);
    String english = "How do I claim for flood damage to my house? ".repeat(5).substring(0, 200);

    assertThat(embedder.overWindow("hello world")).isFalse();
    assertThat(embedder.overWindow("banking ".repeat(12_500))).isTrue();
    assertThat(embedder.overWindow(english)).as("200 characters of English").isFalse();
    assertThat(embedder.overWindow(korean)).as("200 characters of Korean, 2 or 3 tokens each")
        .isEqualTo(embedder.embed(korean).truncated()).isTrue();
  }

  @Test
  void aShortTextIsReadWholeWithItsSpecialTokens() {
    Embedding embedding = embedder.embed("hello world");

    assertThat(embedding.tokens()).isEqualTo(4);
    assertThat(embedding.truncated()).isFalse();
  }

  @Test
  void aTextInABatchOfLongerOnesGetsTheSameVectorAsAlone() {
    String shortText = "card arrived";
    List<Embedding> batch = embedder.embed(List.of(
        "a much longer sentence about a card that has not arrived yet at all",
        shortText, "banking ".repeat(400), "mid length sentence about transfers"));
    Embedding alone = embedder.embed(shortText);

    assertThat(batch.get(1).tokens()).isEqualTo(alone.tokens());
    for (int d = 0; d < 384; d++) assertThat(batch.get(1).vector()[d]).isCloseTo(alone.vector()[d], within(1e-5f));
    assertThat(batch.get(2).truncated()).isTrue();
    assertThat(batch.get(0).truncated()).isFalse();
  }

  @Test
  void nativeLibrariesAreExtractedIntoTheGivenDirectory() {
    assertThat(SharedModel.nativeDir().resolve("onnxruntime").resolve(System.mapLibraryName("onnxruntime")))
        .isRegularFile();
    assertThat(SharedModel.nativeDir().resolve("djl").resolve("tokenizers")).isDirectory();
  }
}
