package dev.apprentice.eval.suite;

import java.util.List;

/** A suite file that cannot be used; each problem names its path in the file ({@code variants[1].model: ...}). */
public final class SuiteException extends IllegalArgumentException {

  private final List<String> problems;

  public SuiteException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
