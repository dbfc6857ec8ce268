package dev.apprentice.eval.metric;

import java.util.ArrayList;
import java.util.List;

/** Checks and reshapes the references of a corpus. */
public final class References {

  private References() {}

  /**
   * Turns sacreBLEU's reference streams ({@code streams.get(k).get(i)} is the k-th reference of hypothesis i) into one
   * list of references per hypothesis. A {@code null} entry means "no k-th reference for this hypothesis", as in
   * sacreBLEU; every hypothesis must keep at least one.
   */
  public static List<List<String>> fromStreams(List<? extends List<String>> streams, int hypotheses) {
    if (streams.isEmpty()) throw new IllegalArgumentException("no reference streams");
    for (int k = 0; k < streams.size(); k++) {
      int lines = streams.get(k).size();
      if (lines != hypotheses) {
        throw new IllegalArgumentException("reference stream " + (k + 1) + " has " + lines + " lines for "
            + hypotheses + " hypotheses");
      }
    }
    List<List<String>> perHypothesis = new ArrayList<>(hypotheses);
    for (int i = 0; i < hypotheses; i++) {
      List<String> references = new ArrayList<>(streams.size());
      for (List<String> stream : streams) {
        if (stream.get(i) != null) references.add(stream.get(i));
      }
      perHypothesis.add(references);
    }
    requireEach(perHypothesis, hypotheses);
    return perHypothesis;
  }

  /** Fails unless there is a non-empty list of non-null references for each of the given number of hypotheses. */
  public static void requireEach(List<? extends List<String>> references, int hypotheses) {
    if (references.size() != hypotheses) {
      throw new IllegalArgumentException(references.size() + " reference lists for " + hypotheses + " hypotheses");
    }
    for (int i = 0; i < hypotheses; i++) require(references.get(i), i);
  }

  /** Fails unless a case has at least one reference and none is null. */
  public static void require(List<String> references) {
    require(references, -1);
  }

  private static void require(List<String> references, int index) {
    String which = index < 0 ? "the hypothesis" : "hypothesis " + (index + 1);
    if (references == null || references.isEmpty()) throw new IllegalArgumentException("no reference for " + which);
    for (String reference : references) {
      if (reference == null) throw new IllegalArgumentException("a null reference for " + which);
    }
  }
}
