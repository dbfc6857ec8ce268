package dev.apprentice.guard.injection;

import java.util.List;

/**
 * Labelled examples and where they came from, for a detector's provenance.
 *
 * @param examples the examples, in file order
 * @param source   a file path, or {@code built-in} for the set shipped with Apprentice
 * @param sha256   hex SHA-256 of the bytes the examples were read from
 */
public record TrainingSet(List<LabelledText> examples, String source, String sha256) {

  public TrainingSet {
    examples = List.copyOf(examples);
  }

  public long injections() {
    return examples.stream().filter(LabelledText::injection).count();
  }

  public long benign() {
    return examples.size() - injections();
  }
}
