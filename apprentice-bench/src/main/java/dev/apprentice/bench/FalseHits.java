package dev.apprentice.bench;

import dev.apprentice.bench.CacheQualityBench.Nearest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The false hits of the quality benchmark at high similarity, written out to judge what kind of mistakes they are. */
final class FalseHits {

  private FalseHits() {}

  /** Writes every false hit at or above {@code from} as CSV; returns the most similar few as Markdown. */
  static String write(Path csv, List<Banking77Data.Row> cached, List<Banking77Data.Row> asked, Nearest[] nearest,
      double from) throws IOException {
    List<Integer> wrong = new ArrayList<>();
    for (int q = 0; q < asked.size(); q++) {
      Nearest n = nearest[q];
      if (n != null && n.similarity() >= from && !n.intent().equals(asked.get(q).intent())) wrong.add(q);
    }
    wrong.sort(Comparator.comparingDouble((Integer q) -> nearest[q].similarity()).reversed());
    StringBuilder out = new StringBuilder("similarity,question,intent,cached_question,cached_intent\n");
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
        "%d false hits at similarity >= %.2f (all in %s); the most similar:%n%n"
            + "| similarity | question (intent) | cached question (intent) |%n| --- | --- | --- |%n",
        wrong.size(), from, csv.getFileName()));
    for (int i = 0; i < wrong.size(); i++) {
      int q = wrong.get(i);
      Banking77Data.Row match = cached.get(nearest[q].row());
      out.append(String.format(Locale.ROOT, "%.4f,%s,%s,%s,%s%n", nearest[q].similarity(), quote(asked.get(q).text()),
          asked.get(q).intent(), quote(match.text()), match.intent()));
      if (i < 8) {
        md.append(String.format(Locale.ROOT, "| %.3f | %s (%s) | %s (%s) |%n", nearest[q].similarity(),
            asked.get(q).text().replace("|", "/"), asked.get(q).intent(), match.text().replace("|", "/"),
            match.intent()));
      }
    }
    Files.writeString(csv, out);
    return md.toString();
  }

  private static String quote(String text) {
    return "\"" + text.replace("\"", "\"\"") + "\"";
  }
}
