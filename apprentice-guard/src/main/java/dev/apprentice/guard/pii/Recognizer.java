package dev.apprentice.guard.pii;

import dev.apprentice.guard.Finding;
import java.util.List;

/** Finds one kind of entity in normalised text and validates it; scores are before context words are weighed. */
public interface Recognizer {

  /**
   * Adds what it finds in {@code scan}'s text to {@code out}; must be fast, linear in the text, and must not throw on
   * any input. {@code out} already holds what the recognizers before it found, which it may use to skip work (never
   * to remove findings).
   */
  void recognise(ScanText scan, List<Finding> out);
}
