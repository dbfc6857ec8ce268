package dev.apprentice.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sentence pairs from Banking77's {@code train.csv}: each query is the hypothesis, and the next query of the same
 * intent (in file order, wrapping round) its reference, so a pair is two customers asking the same thing in their
 * own words.
 */
final class BankingPairs {

  /** One hypothesis with its reference. */
  record Pair(String hypothesis, String reference) {}

  private BankingPairs() {}

  static List<Pair> load(Path trainCsv, int count) throws IOException {
    List<Banking77Data.Row> rows = Banking77Data.read(trainCsv);
    Map<String, List<Integer>> byIntent = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) byIntent.computeIfAbsent(rows.get(i).intent(), k -> new ArrayList<>()).add(i);
    String[] reference = new String[rows.size()];
    for (List<Integer> members : byIntent.values()) {
      for (int k = 0; k < members.size(); k++) {
        reference[members.get(k)] = rows.get(members.get((k + 1) % members.size())).text();
      }
    }
    if (rows.size() < count) {
      throw new IllegalArgumentException(trainCsv + " has " + rows.size() + " queries, fewer than " + count);
    }
    List<Pair> pairs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) pairs.add(new Pair(rows.get(i).text(), reference[i]));
    return pairs;
  }
}
