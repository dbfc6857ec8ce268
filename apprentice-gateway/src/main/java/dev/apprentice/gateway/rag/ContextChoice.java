package dev.apprentice.gateway.rag;

import dev.apprentice.api.retrieval.LeftOutChunk;
import dev.apprentice.api.retrieval.RetrievedChunk;
import dev.apprentice.gateway.cost.TokenEstimator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * Which of the chunks a search found go into the prompt. Each text goes in once: a chunk whose text (blanks aside) a
 * better one holds already (the same policy under two document ids) gives its place to the next best. And the context
 * stays within the model's token budget: chunks go in best first, each counted as the {@link Passages passage} it is
 * written as, and the first that would take the total past the budget, with every chunk after it, stays out.
 */
final class ContextChoice {

  /** Tokens are counted with cl100k_base, the tokenizer of the gateway's estimates. */
  private static final TokenEstimator TOKENS = new TokenEstimator();
  private static final Pattern BLANKS = Pattern.compile("\\s+");
  /**
   * The tokens of the blank line between two passages: one in cl100k_base. A constant, not counted when the class
   * loads: that would load the encoding (some hundreds of milliseconds, ~25 MB) on the first {@code rag:} call even
   * when no passage is ever counted ({@link #withinBudget}).
   */
  static final int BETWEEN = 1;

  private ContextChoice() {}

  /**
   * The chunks going in, and those found but left out with why.
   *
   * @param chosen  the chunks to put into the prompt, best first
   * @param leftOut the chunks left out, in the order they were found
   */
  record Selection(List<RetrievedChunk> chosen, List<LeftOutChunk> leftOut) {

    Selection {
      chosen = List.copyOf(chosen);
      leftOut = List.copyOf(leftOut);
    }
  }

  /**
   * The best {@code k} chunks of {@code found} (best first) whose texts differ; a chunk repeating the text of one
   * chosen before it is left out as its {@link LeftOutChunk#DUPLICATE duplicate}, up to the last chunk chosen (the
   * ones after it were not needed, so they are not reported).
   */
  static Selection distinct(List<RetrievedChunk> found, int k) {
    List<RetrievedChunk> chosen = new ArrayList<>(k);
    List<LeftOutChunk> leftOut = new ArrayList<>();
    Map<String, RetrievedChunk> byText = new HashMap<>();
    for (RetrievedChunk chunk : found) {
      if (chosen.size() == k) break;
      RetrievedChunk same = byText.putIfAbsent(BLANKS.matcher(chunk.text().strip()).replaceAll(" "), chunk);
      if (same == null) {
        chosen.add(chunk);
      } else {
        leftOut.add(LeftOutChunk.duplicate(chunk, same));
      }
    }
    return new Selection(chosen, leftOut);
  }

  /**
   * The first of {@code chunks} (best first) whose passages, a blank line apart, hold at most {@code maxTokens}
   * tokens together; the one that would go past it, and those after it, are left out for the
   * {@link LeftOutChunk#CONTEXT_BUDGET budget}. Passages too short to reach it, whatever their tokens, are not counted
   * (the usual case: the default 4 chunks of 800 characters against 8,000 tokens; counting them costs some 50 µs).
   */
  static Selection withinBudget(List<RetrievedChunk> chunks, int maxTokens) {
    return withinBudget(chunks, maxTokens, TOKENS::countText);
  }

  /** As {@link #withinBudget(List, int)}, with {@code tokens} counting a passage's tokens. */
  static Selection withinBudget(List<RetrievedChunk> chunks, int maxTokens, ToIntFunction<String> tokens) {
    List<String> passages = chunks.stream().map(Passages::passage).toList();
    if (mostTokens(passages) <= maxTokens) return new Selection(chunks, List.of());
    int total = 0;
    for (int i = 0; i < passages.size(); i++) {
      total += (i == 0 ? 0 : BETWEEN) + tokens.applyAsInt(passages.get(i));
      if (total > maxTokens) {
        return new Selection(chunks.subList(0, i),
            chunks.subList(i, chunks.size()).stream().map(LeftOutChunk::overBudget).toList());
      }
    }
    return new Selection(chunks, List.of());
  }

  /**
   * The most tokens the passages, a blank line apart, can hold, found without counting them: their UTF-8 bytes, as a
   * token is one byte at least (a UTF-16 unit is at most 3 bytes; a surrogate pair's two, 4).
   */
  static long mostTokens(List<String> passages) {
    long bytes = (long) BETWEEN * Math.max(0, passages.size() - 1);
    for (String passage : passages) {
      for (int i = 0; i < passage.length(); i++) {
        char c = passage.charAt(i);
        bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
      }
    }
    return bytes;
  }
}
