package dev.apprentice.guard.policy;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.guard.chat.AttachedFiles;
import dev.apprentice.guard.chat.UnreadableParts;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The refusal of a request that holds content the input scanners cannot read ({@link UnreadableParts}), under
 * {@code unreadable: block}: a verdict of its own (scanner {@code unreadable}, action {@code block}, the parts counted
 * by kind) and the part of the 422's message that names them.
 */
final class UnreadableContent {

  /** The scanner name its verdicts carry. */
  static final String SCANNER = "unreadable";
  private static final int NAMED = 3;

  private final List<UnreadableParts.Part> parts;
  private final GuardVerdict verdict;

  private UnreadableContent(List<UnreadableParts.Part> parts, GuardVerdict verdict) {
    this.parts = parts;
    this.verdict = verdict;
  }

  /** What {@code policy} refuses of {@code request}, its text files read through {@code files}; null when nothing. */
  static UnreadableContent of(GuardPolicy policy, ChatRequest request, AttachedFiles files) {
    if (!policy.refusesUnreadable()) return null;
    long start = System.nanoTime();
    List<UnreadableParts.Part> parts = UnreadableParts.of(request, files);
    if (parts.isEmpty()) return null;
    Map<String, Integer> kinds = new TreeMap<>();
    for (UnreadableParts.Part part : parts) kinds.merge(part.kind(), 1, Integer::sum);
    return new UnreadableContent(parts, Verdicts.of(GuardVerdict.INPUT, SCANNER, 1.0, Action.BLOCK, kinds, start));
  }

  GuardVerdict verdict() {
    return verdict;
  }

  /** Where the first part is, the 422's {@code param}: {@code messages[2].content[1]}. */
  String param() {
    return parts.getFirst().path();
  }

  /**
   * {@code messages[2].content[1] is a file of type application/pdf: content the guard cannot read (input.unreadable:
   * block)}: the first three parts named, the rest counted.
   */
  String describe() {
    String named = parts.stream().limit(NAMED).map(p -> p.path() + " is " + p.what())
        .collect(Collectors.joining(", "));
    int more = parts.size() - NAMED;
    if (more > 0) named += " and " + more + " more such part" + (more == 1 ? "" : "s");
    return named + ": content the guard cannot read (input.unreadable: block)";
  }
}
