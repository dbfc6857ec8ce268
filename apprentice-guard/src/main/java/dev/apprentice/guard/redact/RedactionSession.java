package dev.apprentice.guard.redact;

import dev.apprentice.guard.Finding;
import dev.apprentice.guard.Overlaps;
import dev.apprentice.guard.ScanResult;
import dev.apprentice.guard.Scanner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * The placeholders of one call: each distinct value of a type gets {@code <LABEL_n>} (the same value the same
 * placeholder, in every text of the session), and {@link #restore} swaps them back. Placeholders the session did
 * not hand out (a model may invent some) are left as they are, and one already present anywhere in the call
 * ({@link #reserve}) is never handed out. Thread-safe.
 */
public final class RedactionSession {

  private final List<Scanner> scanners;
  private final Map<String, String> placeholderByValue = new HashMap<>();
  private final Map<String, String> valueByPlaceholder = new HashMap<>();
  private final Map<String, Integer> lastNumber = new HashMap<>();
  private final Set<String> reserved = new HashSet<>();

  RedactionSession(List<Scanner> scanners) {
    this.scanners = scanners;
  }

  /**
   * Keeps every placeholder-shaped token of {@code text} out of what this session hands out. A call's texts may hold
   * some already (an earlier answer's one-way placeholder sent back as history, a user's own "&lt;EMAIL_1&gt;"): a
   * new value given the same name would be restored wherever the model writes it, in the wrong place.
   */
  public synchronized void reserve(String text) {
    if (text == null || text.indexOf('<') < 0) return;
    Matcher matcher = Placeholders.PLACEHOLDER.matcher(text);
    while (matcher.find()) reserved.add(matcher.group());
  }

  /**
   * Scans {@code text} with the session's scanners and replaces every finding that counts (at or above its
   * scanner's threshold), read as the guard reads them: a value inside a secret is part of the secret
   * ({@link Overlaps#betweenScanners}).
   */
  public Redaction redact(String text) {
    List<ScanResult> results = Overlaps.scanTogether(scanners, text);
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      double threshold = scanners.get(i).threshold();
      for (Finding f : results.get(i).findings()) if (f.score() >= threshold) findings.add(f);
    }
    return redact(text, findings);
  }

  /**
   * Replaces the given findings (offsets in {@code text}): overlapping ones become one placeholder that covers them
   * all ({@link Overlaps#covering}), so no value goes on half replaced, and none is replaced inside another's
   * placeholder.
   */
  public synchronized Redaction redact(String text, List<Finding> findings) {
    List<Finding> chosen = Overlaps.covering(new ArrayList<>(findings), text);
    StringBuilder out = new StringBuilder(text.length());
    int at = 0;
    for (Finding finding : chosen) {
      out.append(text, at, finding.start()).append(placeholderFor(finding, text));
      at = finding.end();
    }
    out.append(text, at, text.length());
    return new Redaction(out.toString(), chosen);
  }

  /**
   * {@code parts}, read as one text (joined), with the given findings (offsets in the joined text; overlapping ones
   * become one, as for {@link #redact(String, List)}) replaced: each placeholder goes into the part where its value
   * starts, and what the value has in later parts is taken out of them, so the parts joined read as the redacted text.
   */
  public synchronized List<String> redactParts(List<String> parts, List<Finding> findings) {
    String joined = String.join("", parts);
    List<Finding> chosen = Overlaps.covering(new ArrayList<>(findings), joined);
    List<String> placeholders = new ArrayList<>(chosen.size());
    for (Finding finding : chosen) placeholders.add(placeholderFor(finding, joined));
    List<String> out = new ArrayList<>(parts.size());
    int next = 0;
    int partStart = 0;
    for (String part : parts) {
      int partEnd = partStart + part.length();
      StringBuilder redacted = new StringBuilder(part.length());
      int at = partStart;
      while (next < chosen.size() && chosen.get(next).start() < partEnd) {
        Finding finding = chosen.get(next);
        redacted.append(joined, at, Math.max(finding.start(), partStart));
        if (finding.start() >= partStart) redacted.append(placeholders.get(next));
        at = Math.min(finding.end(), partEnd);
        if (finding.end() > partEnd) break; // it goes on in the next part
        next++;
      }
      out.add(redacted.append(joined, at, partEnd).toString());
      partStart = partEnd;
    }
    return out;
  }

  /** {@code text} with every placeholder of this session replaced by its original value. */
  public String restore(String text) {
    return restore(text, false);
  }

  /**
   * {@code text}, the inside of a JSON document (tool-call arguments), with every placeholder replaced by its
   * original value escaped for a JSON string: a value with quotes, backslashes or line breaks keeps the JSON valid. A
   * placeholder whose brackets are written as unicode escapes (backslash-u003c and backslash-u003e, Go's
   * encoding/json default, so Ollama's) is the same placeholder, and restored too.
   */
  public String restoreInJson(String text) {
    return restore(text, true);
  }

  /** {@code text} with every value this session handed a placeholder replaced by it, longest values first. */
  public synchronized String conceal(String text) {
    if (valueByPlaceholder.isEmpty()) return text;
    List<Map.Entry<String, String>> byLength = new ArrayList<>(valueByPlaceholder.entrySet());
    byLength.sort((a, b) -> Integer.compare(b.getValue().length(), a.getValue().length()));
    String concealed = text;
    for (Map.Entry<String, String> entry : byLength) concealed = concealed.replace(entry.getValue(), entry.getKey());
    return concealed;
  }

  /** A session for one-way redaction beside this one: its placeholders continue this session's numbering. */
  public synchronized RedactionSession continuation() {
    RedactionSession next = new RedactionSession(scanners);
    next.lastNumber.putAll(lastNumber);
    next.reserved.addAll(reserved);
    next.reserved.addAll(valueByPlaceholder.keySet());
    return next;
  }

  /**
   * {@link #restore(String)}, or for JSON text ({@code json}) {@link #restoreInJson(String)}: there the brackets of a
   * placeholder may be unicode escapes, and each value goes in escaped for a JSON string.
   */
  synchronized String restore(String text, boolean json) {
    if (valueByPlaceholder.isEmpty() || (text.indexOf('<') < 0 && !(json && text.contains("\\u003")))) return text;
    Matcher matcher = (json ? Placeholders.IN_JSON : Placeholders.PLACEHOLDER).matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    int at = 0;
    while (matcher.find()) {
      String placeholder = json ? Placeholders.inJson(matcher, text) : matcher.group();
      String value = placeholder == null ? null : valueByPlaceholder.get(placeholder);
      if (value == null) continue;
      out.append(text, at, matcher.start()).append(json ? JsonEscape.escape(value) : value);
      at = matcher.end();
    }
    return at == 0 ? text : out.append(text, at, text.length()).toString();
  }

  /** A restorer for a streamed answer, fed chunk by chunk. */
  public StreamRestorer restorer() {
    return new StreamRestorer(this, false);
  }

  /**
   * A restorer for streamed tool-call arguments (JSON): placeholders are found, and values escaped, as
   * {@link #restoreInJson} does.
   */
  public StreamRestorer jsonRestorer() {
    return new StreamRestorer(this, true);
  }

  /** Placeholder to original value, as handed out so far. */
  public synchronized Map<String, String> placeholders() {
    return Map.copyOf(valueByPlaceholder);
  }

  private String placeholderFor(Finding finding, String text) {
    String label = Placeholders.label(finding.type());
    String key = label + '\u0000' + finding.text();
    String existing = placeholderByValue.get(key);
    if (existing != null) return existing;
    String placeholder;
    do {
      int number = lastNumber.merge(label, 1, Integer::sum);
      placeholder = "<" + label + "_" + number + ">";
    } while (text.contains(placeholder) || valueByPlaceholder.containsKey(placeholder)
        || reserved.contains(placeholder));
    placeholderByValue.put(key, placeholder);
    valueByPlaceholder.put(placeholder, finding.text());
    return placeholder;
  }
}
