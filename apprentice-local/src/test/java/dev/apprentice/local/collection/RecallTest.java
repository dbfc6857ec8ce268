package dev.apprentice.local.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.apprentice.api.Embedder;
import dev.apprentice.api.Embedding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HNSW recall against exact search: Banking77's first 3,000 training sentences ({@code -Drecall.sentences=10003}
 * for all of them: about two minutes on a busy 2-core machine, recall 1.0000) embedded with all-MiniLM-L6-v2 into a
 * collection, then 200 of its test sentences, spread over the file, queried. The exact top 10 is
 * computed here over the very vectors the collection indexed. Skips when the data set is not on this machine.
 */
class RecallTest {

  private static final int QUERIES = 200;
  private static final int K = 10;

  @TempDir
  Path dir;

  @Test
  void hnswTopTenFindsAtLeast98PercentOfTheExactTopTenOnBanking77() throws IOException {
    Path data = banking77();
    assumeThat(data).as("Banking77 is not under ../../shared/data or /work/shared/data: recall test skipped").isNotNull();
    List<String> train = sentences(data.resolve("train.csv"));
    List<String> test = sentences(data.resolve("test.csv"));
    int count = Math.min(train.size(), Integer.getInteger("recall.sentences", 3000));
    assertThat(count).as("training sentences").isGreaterThanOrEqualTo(3000);

    Recording embedder = new Recording(new MiniLmTestEmbedder());
    long started = System.nanoTime();
    try (Collections collections = new Collections(dir.resolve("collections"), () -> embedder)) {
      collections.create("banking77");
      for (int from = 0; from < count; from += 1000) {
        List<NewDocument> batch = new ArrayList<>();
        for (int i = from; i < Math.min(count, from + 1000); i++) {
          batch.add(new NewDocument("train-" + i, train.get(i), "train.csv", null));
        }
        collections.add("banking77", batch);
      }
      CollectionInfo info = collections.describe("banking77");
      assertThat(info.documents()).isEqualTo(count);
      assertThat(info.chunks()).as("one chunk per sentence").isEqualTo(count);
      double indexed = (System.nanoTime() - started) / 1e9;

      float[][] vectors = new float[count][];
      for (int i = 0; i < count; i++) vectors[i] = embedder.vectors.get(train.get(i).strip());
      double found = 0;
      int step = test.size() / QUERIES;
      for (int q = 0; q < QUERIES; q++) {
        String query = test.get(q * step);
        List<CollectionHit> hits = collections.query("banking77", query, K);
        float[] target = embedder.vectors.get(query.strip());
        double[] exact = exactScores(vectors, target);
        double tenth = IntStream.range(0, count).mapToDouble(i -> exact[i]).boxed()
            .sorted(Comparator.reverseOrder()).skip(K - 1).findFirst().orElseThrow();
        assertThat(hits).hasSize(K);
        for (CollectionHit hit : hits) {
          double score = exact[Integer.parseInt(hit.documentId().substring("train-".length()))];
          assertThat(hit.score()).as("index score is the cosine").isCloseTo(score, org.assertj.core.data.Offset.offset(1e-4));
          if (score >= tenth - 1e-6) found++;
        }
      }
      double recall = found / (QUERIES * K);
      System.out.printf("recall@%d = %.4f over %d queries, %d sentences indexed in %.1f s%n", K, recall, QUERIES, count,
          indexed);
      assertThat(recall).as("recall@10").isGreaterThanOrEqualTo(0.98);
    }
  }

  private static double[] exactScores(float[][] vectors, float[] target) {
    double[] scores = new double[vectors.length];
    for (int i = 0; i < vectors.length; i++) {
      double sum = 0;
      for (int d = 0; d < target.length; d++) sum += vectors[i][d] * target[d];
      scores[i] = sum;
    }
    return scores;
  }

  private static Path banking77() {
    for (Path candidate : List.of(Path.of(System.getProperty("user.dir")).resolve("../../shared/data/banking77"),
        Path.of("/work/shared/data/banking77"))) {
      if (Files.isRegularFile(candidate.resolve("train.csv")) && Files.isRegularFile(candidate.resolve("test.csv"))) {
        return candidate.normalize();
      }
    }
    return null;
  }

  /** The {@code text} column of a Banking77 CSV file. */
  private static List<String> sentences(Path csv) throws IOException {
    List<List<String>> rows = dev.apprentice.local.embedding.Csv.parse(Files.readString(csv));
    int text = rows.getFirst().indexOf("text");
    return rows.subList(1, rows.size()).stream().map(row -> row.get(text)).toList();
  }

  /** Keeps every vector it hands out, by text, for the exact search. */
  private static final class Recording implements Embedder {
    private final Embedder inner;
    final Map<String, float[]> vectors = new ConcurrentHashMap<>();

    Recording(Embedder inner) {
      this.inner = inner;
    }

    @Override public String model() { return inner.model(); }
    @Override public int dimensions() { return inner.dimensions(); }
    @Override public int maxTokens() { return inner.maxTokens(); }

    @Override
    public List<Embedding> embed(List<String> texts) {
      List<Embedding> out = inner.embed(texts);
      for (int i = 0; i < texts.size(); i++) vectors.put(texts.get(i), out.get(i).vector());
      return out;
    }
  }
}
