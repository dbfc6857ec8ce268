package dev.apprentice.guard.chat;

import dev.apprentice.guard.Finding;
import dev.apprentice.guard.Origin;
import dev.apprentice.guard.ScanResult;
import dev.apprentice.guard.Scanner;
import dev.apprentice.guard.redact.RedactionSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a scanner reads as one text: a message's text parts joined, since the model reads them one after the other
 * (OpenAI concatenates them: an address split over two parts is still an address), or any other text alone. Findings
 * are in the joined text; {@link #redact} puts each one back into the parts it touches. An image URL is read for the
 * values inside it (an e-mail address in its query, percent-encoded or not); its own address is the image the
 * upstream must fetch, not a value, so a {@code URL} finding there does not count.
 */
public final class ScanUnit {

  private static final String URL = "URL";

  private final List<ChatTexts.Text> texts;
  private final List<Integer> indexes;
  private final String value;

  private ScanUnit(List<ChatTexts.Text> texts, List<Integer> indexes) {
    this.texts = texts;
    this.indexes = List.copyOf(indexes);
    StringBuilder joined = new StringBuilder();
    for (int i : indexes) joined.append(texts.get(i).value());
    this.value = joined.toString();
  }

  /** The units of {@code texts}, in order: a message's text parts one unit, every other text a unit of its own. */
  public static List<ScanUnit> of(List<ChatTexts.Text> texts) {
    // keyed by the first part's index for a text part, by its own index for any other text: the two never meet
    Map<Integer, List<Integer>> members = new LinkedHashMap<>();
    for (int i = 0; i < texts.size(); i++) {
      int first = texts.get(i).parts();
      members.computeIfAbsent(first >= 0 ? first : i, k -> new ArrayList<>()).add(i);
    }
    List<ScanUnit> units = new ArrayList<>(members.size());
    for (List<Integer> indexes : members.values()) units.add(new ScanUnit(texts, indexes));
    return units;
  }

  /** The text scanners read. */
  public String value() {
    return value;
  }

  public Origin origin() {
    return texts.get(indexes.getFirst()).origin();
  }

  /** The indexes, among all texts, of the texts this unit is made of. */
  public List<Integer> indexes() {
    return indexes;
  }

  /**
   * What {@code scanner} finds in this unit. An image URL is read as a {@link UrlView}, less what it cannot hold as a
   * value: its own address.
   */
  public ScanResult scan(Scanner scanner) {
    if (indexes.size() > 1 || !texts.get(indexes.getFirst()).imageUrl()) return scanner.scan(value, origin());
    UrlView view = UrlView.of(value);
    ScanResult result = scanner.scan(view.text(), origin());
    List<Finding> values = result.findings().stream().filter(f -> !URL.equals(f.type())).map(view::inUrl).toList();
    return ScanResult.of(result.scanner(), values);
  }

  /**
   * Each text of the unit, in order, as written with {@code findings} (offsets in {@link #value}) replaced by the
   * session's placeholders. A finding that spans parts has its placeholder where it starts and its characters in the
   * later parts taken out, so the parts still read, joined, as the redacted text.
   */
  public List<String> redact(RedactionSession session, List<Finding> findings) {
    if (indexes.size() == 1) return List.of(texts.get(indexes.getFirst()).redact(session, findings));
    List<String> parts = new ArrayList<>(indexes.size());
    for (int i : indexes) parts.add(texts.get(i).value());
    return session.redactParts(parts, findings);
  }
}
