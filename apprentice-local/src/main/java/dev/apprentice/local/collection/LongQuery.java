package dev.apprentice.local.collection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A query longer than the embedding model's window, searched piece by piece: embedded whole, it would be read from its
 * start only, and the question that usually ends a long message (a customer's story, then "is this covered?") would
 * not be searched at all. Each chunk found is scored by the piece nearest to it.
 */
final class LongQuery {

  /**
   * Characters per piece: a sentence or two (about 45 word pieces of prose; inside the model's 256-token window for
   * Chinese and Japanese too, a token a character), so that a question is searched nearly alone rather than
   * outweighed by the story around it.
   */
  static final int PIECE_SIZE = 200;
  /** The most pieces searched; a longer query is searched with its first and last pieces, where questions are. */
  static final int MAX_PIECES = 24;

  private static final Chunker PIECES = new Chunker(PIECE_SIZE, PIECE_SIZE / 4);

  private LongQuery() {}

  /**
   * The pieces of the query to search with: its first and last {@value #MAX_PIECES} / 2 when there are more. A piece
   * still {@code overWindow} (dense text: Korean is read as two or three tokens a character) is cut again at half the
   * size, down to {@link Chunker#MIN_SIZE}, so that none is read from its start only.
   */
  static List<String> pieces(String query, Predicate<String> overWindow) {
    List<String> read = new ArrayList<>();
    for (String piece : ends(PIECES.split(query).stream().map(Chunker.Chunk::text).toList())) {
      cut(piece, PIECE_SIZE, overWindow, read);
    }
    return ends(read);
  }

  private static void cut(String piece, int size, Predicate<String> overWindow, List<String> into) {
    if (size <= Chunker.MIN_SIZE || !overWindow.test(piece)) {
      into.add(piece);
      return;
    }
    int half = Math.max(Chunker.MIN_SIZE, size / 2);
    for (Chunker.Chunk smaller : new Chunker(half, half / 4).split(piece)) cut(smaller.text(), half, overWindow, into);
  }

  /** The pieces, or their first and last {@value #MAX_PIECES} / 2 when there are more. */
  private static List<String> ends(List<String> all) {
    if (all.size() <= MAX_PIECES) return all;
    List<String> kept = new ArrayList<>(all.subList(0, MAX_PIECES / 2));
    kept.addAll(all.subList(all.size() - MAX_PIECES / 2, all.size()));
    return kept;
  }

  /** The {@code k} best chunks of the pieces' searches, each scored by its best piece, best first. */
  static List<CollectionHit> merge(List<List<CollectionHit>> searches, int k) {
    Map<String, CollectionHit> best = new LinkedHashMap<>();
    for (List<CollectionHit> hits : searches) {
      for (CollectionHit hit : hits) best.merge(hit.chunkId(), hit, (a, b) -> b.score() > a.score() ? b : a);
    }
    return best.values().stream().sorted(Comparator.comparingDouble(CollectionHit::score).reversed()).limit(k)
        .toList();
  }
}
