package dev.apprentice.guard.redact;

import dev.apprentice.guard.Scanner;
import java.util.List;

/**
 * Reversible redaction: scanners find the sensitive spans, a {@link RedactionSession} swaps them for typed
 * placeholders and puts the originals back in the model's answer. One session per call (or conversation).
 */
public final class Redactor {

  private final List<Scanner> scanners;

  public Redactor(List<Scanner> scanners) {
    this.scanners = List.copyOf(scanners);
  }

  /** A fresh session with no placeholders yet. */
  public RedactionSession session() {
    return new RedactionSession(scanners);
  }
}
