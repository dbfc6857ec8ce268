package dev.apprentice.gateway.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean" for misspelt keys: the closest known key by edit distance, ignoring case, '-' and '_', else one that
 * holds the whole of it.
 */
public final class Suggestions {

  private Suggestions() {}

  /** The candidate closest to {@code input}, when one is close enough to be a likely misspelling. */
  public static Optional<String> closest(String input, Collection<String> candidates) {
    String wanted = normalize(input);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = distance(wanted, normalize(candidate));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    int allowed = Math.max(2, wanted.length() / 3);
    if (bestDistance <= allowed && bestDistance < wanted.length()) return Optional.of(best);
    return part(wanted, candidates);
  }

  /**
   * The shortest candidate that holds the whole of {@code wanted} (at least 5 characters, normalized): a key written
   * short or as another API spells it ({@code max_tokens} for {@code max_tokens_default}).
   */
  private static Optional<String> part(String wanted, Collection<String> candidates) {
    if (wanted.length() < 5) return Optional.empty();
    return candidates.stream().filter(c -> normalize(c).contains(wanted))
        .min(java.util.Comparator.comparingInt(String::length));
  }

  /** {@code " (did you mean 'x'?)"} naming the {@link #closest} candidate, or "" when none is close. */
  public static String hint(String input, Collection<String> candidates) {
    return closest(input, candidates).map(s -> " (did you mean '" + s + "'?)").orElse("");
  }

  private static String normalize(String key) {
    return key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
  }

  /** Levenshtein distance with adjacent transpositions counted as one edit. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
