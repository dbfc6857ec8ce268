package dev.apprentice.local.cache;

import java.io.IOException;
import java.time.Clock;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/** Removes the entries of a tenant, a model, both or all (a null matches every value). */
final class CacheClearing {

  private final CacheIndex index;
  private final Clock clock;

  CacheClearing(CacheIndex index, Clock clock) {
    this.index = index;
    this.clock = clock;
  }

  /** Removes the matching entries; returns how many of them were live. */
  long clear(String tenant, String model) throws IOException {
    Query matching = matching(tenant, model);
    index.refresh();
    long now = clock.millis();
    Query live = new BooleanQuery.Builder()
        .add(matching, Occur.FILTER)
        .add(EntryDocument.live(now), Occur.FILTER)
        .build();
    long removed = index.read(searcher -> (long) searcher.count(live));
    index.writer().deleteDocuments(matching);
    index.refresh();
    return removed;
  }

  private static Query matching(String tenant, String model) {
    if (tenant == null && model == null) return new MatchAllDocsQuery();
    BooleanQuery.Builder query = new BooleanQuery.Builder();
    if (tenant != null) query.add(new TermQuery(new Term(EntryDocument.TENANT, tenant)), Occur.FILTER);
    if (model != null) query.add(new TermQuery(new Term(EntryDocument.MODEL, model)), Occur.FILTER);
    return query.build();
  }
}
