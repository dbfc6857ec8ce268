package dev.apprentice.local.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.apprentice.api.Embedding;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real model behind the micro-batcher: batching never mixes up whose vector is whose. */
@Timeout(300)
class MiniLmBatchingTest {

  private final MiniLmEmbedder embedder = SharedModel.embedder();

  private static List<String> texts(int count) {
    String[] topics = {"my card", "a transfer", "the exchange rate", "my PIN", "a refund", "cash withdrawal"};
    return IntStream.range(0, count).mapToObj(i -> "Question " + i + " about " + topics[i % topics.length]
        + (i % 7 == 0 ? ", asked at length because the app keeps failing every single time I try" : "")).toList();
  }

  private static void assertSameVector(Embedding actual, Embedding expected, String text) {
    assertThat(actual.tokens()).as(text).isEqualTo(expected.tokens());
    for (int d = 0; d < expected.vector().length; d++) {
      assertThat(actual.vector()[d]).as("%s, dimension %d", text, d).isCloseTo(expected.vector()[d], within(1e-5f));
    }
  }

  @Test
  void concurrentCallersGetTheVectorsTheirTextsGetAlone() throws Exception {
    List<String> texts = texts(48);
    List<Embedding> alone = new ArrayList<>();
    for (String text : texts) alone.add(embedder.embed(text));

    ExecutorService callers = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<Embedding>>> answers = new ArrayList<>();
      for (int c = 0; c < 24; c++) {
        List<String> mine = List.of(texts.get(c), texts.get(47 - c));
        answers.add(callers.submit(() -> embedder.embed(mine)));
      }
      for (int c = 0; c < 24; c++) {
        List<Embedding> got = answers.get(c).get();
        assertSameVector(got.get(0), alone.get(c), texts.get(c));
        assertSameVector(got.get(1), alone.get(47 - c), texts.get(47 - c));
      }
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void tenThousandInputsComeBackInOrder() {
    List<String> texts = IntStream.range(0, 10_000).mapToObj(i -> i % 1000 == 0 ? texts(i + 1).getLast() : "n" + i)
        .toList();

    List<Embedding> all = embedder.embed(texts);

    assertThat(all).hasSize(10_000);
    for (int i = 0; i < texts.size(); i += 997) {
      assertSameVector(all.get(i), embedder.embed(texts.get(i)), texts.get(i));
    }
    assertSameVector(all.getLast(), embedder.embed(texts.getLast()), texts.getLast());
  }
}
