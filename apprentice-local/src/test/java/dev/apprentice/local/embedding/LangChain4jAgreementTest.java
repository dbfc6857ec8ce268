package dev.apprentice.local.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.apprentice.api.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our vectors side by side with langchain4j's wrapper of the same model files, computed live. */
class LangChain4jAgreementTest {

  @Test
  void ourVectorsEqualLangChain4jsForTheSameSentences() {
    List<String> texts = List.of("I am still waiting on my card?", "What is the exchange rate for euros?",
        "Please block my card, I lost it on the train.",
        "A longer paragraph: I topped up my account by bank transfer three days ago, the money left my other bank "
            + "the same day, yet my balance here has not changed and the app shows no pending top-up at all.", "Ünïcödé and emoji 🙂 survive tokenization");
    List<Embedding> ours = SharedModel.embedder().embed(texts);

    AllMiniLmL6V2EmbeddingModel theirs = new AllMiniLmL6V2EmbeddingModel();
    for (int i = 0; i < texts.size(); i++) {
      float[] expected = theirs.embed(TextSegment.from(texts.get(i))).content().vector();
      float[] actual = ours.get(i).vector();
      assertThat(actual).hasSameSizeAs(expected);
      for (int d = 0; d < expected.length; d++) {
        assertThat(actual[d]).as("text %d, dimension %d", i, d).isCloseTo(expected[d], within(1e-4f));
      }
    }
  }
}
