package dev.apprentice.guard;

/** Looks for one kind of risk in a text and says what it found; never throws for a policy decision. */
public interface Scanner {

  /** Short name used in configs, verdicts and the CLI ({@code pii}, {@code secrets}). */
  String name();

  /** Scores above this make a text flagged. */
  double threshold();

  /** Findings with offsets in {@code text} (the original, not a normalised copy). */
  ScanResult scan(String text);

  /** Scans a text knowing where it came from; scanners for which that does not matter need not override this. */
  default ScanResult scan(String text, Origin origin) {
    return scan(text);
  }

  /**
   * The scanner for the texts of one call. A scanner whose cost is bounded per call (the injection detector) returns
   * one that keeps count across them; every other returns itself.
   */
  default Scanner forCall() {
    return this;
  }
}
