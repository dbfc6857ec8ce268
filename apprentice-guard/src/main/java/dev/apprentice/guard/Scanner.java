package dev.apprentice.guard;

import dev.apprentice.api.Deadline;

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

  /** The scanner for the texts of one call that waits on in-process work as long as it takes. */
  default Scanner forCall() {
    return forCall(Deadline.NONE);
  }

  /**
   * The scanner for the texts of one call that can wait only until {@code deadline}. A scanner whose cost is bounded
   * per call (the injection detector) returns one that keeps count across them, and one that waits on in-process work
   * (the detector's embeddings) waits that long at most, then throws
   * {@link dev.apprentice.api.DeadlineExceededException} ({@link java.util.concurrent.CancellationException} once the
   * call's client left); every other returns itself. Scanners, and wrappers of scanners, override this one and never
   * {@link #forCall()}, so that no call's deadline is lost on the way.
   */
  default Scanner forCall(Deadline deadline) {
    return this;
  }
}
