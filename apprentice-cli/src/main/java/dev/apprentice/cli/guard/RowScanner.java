package dev.apprentice.cli.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.guard.Finding;
import dev.apprentice.guard.Overlaps;
import dev.apprentice.guard.ScanResult;
import dev.apprentice.guard.Scanner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Annotates one {@code guard scan} row: keeps its fields and adds {@code entities} ({type, start, end, score},
 * character offsets in {@code text}, end exclusive), {@code verdicts} ({scanner, score, action}) and
 * {@code flagged}. Findings are read as the guard reads them: a value inside a secret (the digits of a key) is part
 * of the secret, not a finding of its own. A character is a Unicode code point, as Python's strings (and so
 * Presidio's offsets) count them: an emoji or any other character outside the Basic Multilingual Plane is one, not
 * Java's two UTF-16 units.
 */
final class RowScanner {

  private final List<Scanner> scanners;

  RowScanner(List<Scanner> scanners) {
    this.scanners = List.copyOf(scanners);
  }

  /** The annotated row, or an exception whose message says what is wrong with the row. */
  ObjectNode scan(JsonNode row) {
    if (!(row instanceof ObjectNode object)) throw new IllegalArgumentException("not a JSON object");
    JsonNode text = object.get("text");
    if (text == null || !text.isTextual()) throw new IllegalArgumentException("no \"text\" string field");
    // read as the guard reads them: a value inside a secret is part of the secret
    List<ScanResult> results = Overlaps.scanTogether(scanners, text.asText());
    List<Finding> findings = new ArrayList<>();
    ObjectNode out = object.deepCopy();
    ArrayNode verdicts = out.arrayNode();
    boolean flagged = false;
    for (int i = 0; i < scanners.size(); i++) {
      Scanner scanner = scanners.get(i);
      ScanResult result = results.get(i);
      findings.addAll(result.findings());
      boolean over = !result.isEmpty() && result.risk() >= scanner.threshold();
      flagged |= over;
      verdicts.addObject().put("scanner", scanner.name()).put("score", round(result.risk()))
          .put("action", over ? "flag" : "pass");
    }
    findings.sort(Comparator.comparingInt(Finding::start).thenComparingInt(Finding::end));
    int[] codePoints = codePointOffsets(text.asText());
    ArrayNode entities = out.putArray("entities");
    for (Finding finding : findings) {
      entities.addObject().put("type", finding.type()).put("start", at(codePoints, finding.start()))
          .put("end", at(codePoints, finding.end())).put("score", round(finding.score()));
    }
    out.set("verdicts", verdicts);
    out.put("flagged", flagged);
    return out;
  }

  /**
   * For each UTF-16 offset of {@code text} (and its end), how many code points come before it; null when the two
   * counts are the same everywhere (no character outside the Basic Multilingual Plane).
   */
  private static int[] codePointOffsets(String text) {
    if (text.codePoints().allMatch(Character::isBmpCodePoint)) return null;
    int[] offsets = new int[text.length() + 1];
    int count = 0;
    for (int i = 0; i < text.length(); i++) {
      offsets[i] = count;
      if (!Character.isLowSurrogate(text.charAt(i)) || i == 0 || !Character.isHighSurrogate(text.charAt(i - 1))) {
        count++;
      }
    }
    offsets[text.length()] = count;
    return offsets;
  }

  private static int at(int[] codePoints, int utf16) {
    return codePoints == null ? utf16 : codePoints[utf16];
  }

  private static double round(double score) {
    return Math.round(score * 1000) / 1000.0;
  }
}
