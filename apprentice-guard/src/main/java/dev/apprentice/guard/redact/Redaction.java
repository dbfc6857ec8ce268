package dev.apprentice.guard.redact;

import dev.apprentice.guard.Finding;
import java.util.List;

/**
 * A redacted text and what was taken out of it.
 *
 * @param text     the text with each finding replaced by its placeholder
 * @param findings the replaced findings, offsets in the original text
 */
public record Redaction(String text, List<Finding> findings) {

  public Redaction {
    findings = List.copyOf(findings);
  }
}
