package dev.apprentice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    List<String[]> rows = Csv.parse(Files.readString(trainCsv, StandardCharsets.UTF_8));
    Map<String, List<Integer>> byIntent = new LinkedHashMap<>();
    for (int i = 1; i < rows.size(); i++) byIntent.computeIfAbsent(rows.get(i)[1], k -> new ArrayList<>()).add(i);
    String[] reference = new String[rows.size()];
    for (List<Integer> members : byIntent.values()) {
      for (int k = 0; k < members.size(); k++) {
        reference[members.get(k)] = rows.get(members.get((k + 1) % members.size()))[0];
      }
    }
    if (rows.size() - 1 < count) {
      throw new IllegalArgumentException(trainCsv + " has " + (rows.size() - 1) + " queries, fewer than " + count);
    }
    List<Pair> pairs = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) pairs.add(new Pair(rows.get(i)[0], reference[i]));
    return pairs;
  }

  /** RFC 4180 CSV: quoted fields may hold commas, newlines and doubled quotes. */
  static final class Csv {

    private Csv() {}

    static List<String[]> parse(String text) {
      List<String[]> rows = new ArrayList<>();
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            field.append(c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          fields.add(field.toString());
          field.setLength(0);
        } else if (c == '\n' || c == '\r') {
          if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
          fields.add(field.toString());
          field.setLength(0);
          rows.add(fields.toArray(String[]::new));
          fields.clear();
        } else {
          field.append(c);
        }
      }
      if (!field.isEmpty() || !fields.isEmpty()) {
        fields.add(field.toString());
        rows.add(fields.toArray(String[]::new));
      }
      return rows;
    }
  }
}
