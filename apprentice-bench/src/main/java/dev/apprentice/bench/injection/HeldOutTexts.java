package dev.apprentice.bench.injection;

import dev.apprentice.guard.Origin;
import dev.apprentice.guard.injection.InjectionScanner;
import dev.apprentice.guard.injection.LabelledText;
import dev.apprentice.guard.injection.TrainingSets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Labelled texts written to check one change and kept out of the training set ({@code bench/injection-held-out.jsonl}:
 * benign messages carrying URLs, benign Cyrillic, Greek and Armenian text, attacks disguised with lookalike letters
 * and their plain ASCII twins). Each category is reported on its own: how many were flagged, and the lowest and
 * highest score.
 */
final class HeldOutTexts {

  private HeldOutTexts() {}

  static void report(InjectionScanner scanner, Path file, double threshold, boolean errors) {
    Map<String, List<LabelledText>> categories = new LinkedHashMap<>();
    for (LabelledText text : TrainingSets.read(file).examples()) {
      categories.computeIfAbsent(text.category(), c -> new ArrayList<>()).add(text);
    }
    System.out.printf(Locale.ROOT, "Held out (%s, never trained on), at %.2f:%n%n", file.getFileName(), threshold);
    System.out.println("| category | rows | expected | flagged | accuracy | lowest score | highest score |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (Map.Entry<String, List<LabelledText>> category : categories.entrySet()) {
      boolean injection = category.getValue().getFirst().injection();
      int flagged = 0;
      double lowest = 1;
      double highest = 0;
      for (LabelledText text : category.getValue()) {
        double risk = scanner.scan(text.text(), Origin.PROMPT).risk();
        lowest = Math.min(lowest, risk);
        highest = Math.max(highest, risk);
        boolean isFlagged = risk >= threshold;
        if (isFlagged) flagged++;
        if (errors && isFlagged != text.injection()) {
          System.err.printf(Locale.ROOT, "  miss [%s] %.2f %s%n", category.getKey(), risk, text.text());
        }
      }
      int rows = category.getValue().size();
      int right = injection ? flagged : rows - flagged;
      System.out.printf(Locale.ROOT, "| %s | %d | %s | %d | %.2f%% | %.3f | %.3f |%n", category.getKey(), rows,
          injection ? "injection" : "benign", flagged, 100.0 * right / rows, lowest, highest);
    }
  }
}
