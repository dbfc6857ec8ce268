package dev.apprentice.local.cache;

import dev.apprentice.api.cache.CacheKey;
import java.io.IOException;
import java.util.Optional;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;

/**
 * The semantic tier's search: the live entry of the same tenant, model and context whose prompt embedding is nearest to
 * the query's. Vectors are unit length and indexed for dot product, whose Lucene score is {@code (1 + cosine) / 2}.
 */
final class SemanticSearch {

  /** The nearest entry and its cosine similarity with the query. */
  record Nearest(int docId, double similarity) {}

  private final String field;
  private final int candidates;

  SemanticSearch(String field, int candidates) {
    this.field = field;
    this.candidates = candidates;
  }

  /** The vector field of the embedder this search compares with. */
  String field() {
    return field;
  }

  /** The nearest live entry in the key's context, whatever its similarity. */
  Optional<Nearest> best(IndexSearcher searcher, CacheKey key, float[] unitVector, long nowMillis) throws IOException {
    Query filter = new BooleanQuery.Builder()
        .add(new TermQuery(EntryDocument.contextTerm(key)), Occur.FILTER)
        .add(EntryDocument.live(nowMillis), Occur.FILTER)
        .build();
    TopDocs top = searcher.search(new KnnFloatVectorQuery(field, unitVector, candidates, filter), 1);
    if (top.scoreDocs.length == 0) return Optional.empty();
    double cosine = Math.min(1.0, 2.0 * top.scoreDocs[0].score - 1.0);
    return Optional.of(new Nearest(top.scoreDocs[0].doc, cosine));
  }
}
