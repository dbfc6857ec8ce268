package dev.apprentice.local.cache;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;

/**
 * Keeps the index within bounds: purges expired entries and trims each tenant's model to its size by removing the
 * entries stored longest ago. Runs periodically, and early once enough stores have piled up since the last run.
 */
final class CacheMaintenance {

  private final CacheIndex index;
  private final Clock clock;
  private final int slack;
  private final Map<String, Long> touched = new ConcurrentHashMap<>();
  private final AtomicLong storesSinceRun = new AtomicLong();
  private final AtomicBoolean early = new AtomicBoolean();

  CacheMaintenance(CacheIndex index, Clock clock, int slack) {
    this.index = index;
    this.clock = clock;
    this.slack = slack;
  }

  /** Notes a store to a scope whose size is {@code maxEntries}; true when maintenance should run early. */
  boolean stored(String scope, long maxEntries) {
    touched.put(scope, maxEntries);
    return storesSinceRun.incrementAndGet() >= slack && early.compareAndSet(false, true);
  }

  /** Purges expired entries, then trims every scope stored to since the last run. Returns the entries removed. */
  synchronized long run() throws IOException {
    storesSinceRun.set(0);
    early.set(false);
    Query expired = LongPoint.newRangeQuery(EntryDocument.EXPIRES_AT, Long.MIN_VALUE, clock.millis());
    boolean purge = index.read(searcher -> searcher.count(expired)) > 0;
    if (purge) index.writer().deleteDocuments(expired);
    if (purge || !touched.isEmpty()) index.refresh();
    long removed = 0;
    for (String scope : touched.keySet()) {
      Long max = touched.remove(scope);
      if (max != null && max > 0) removed += trim(scope, max);
    }
    if (removed > 0) index.refresh();
    return removed;
  }

  private long trim(String scope, long maxEntries) throws IOException {
    long[] oldest = index.read(searcher -> oldestBeyond(searcher, new TermQuery(new Term(EntryDocument.SCOPE, scope)),
        maxEntries));
    if (oldest.length > 0) index.writer().deleteDocuments(LongPoint.newSetQuery(EntryDocument.SEQ, oldest));
    return oldest.length;
  }

  /** The sequence numbers of the entries past the newest {@code keep}. */
  private static long[] oldestBeyond(IndexSearcher searcher, TermQuery scope, long keep) throws IOException {
    long excess = searcher.count(scope) - keep;
    if (excess <= 0) return new long[0];
    int n = (int) Math.min(excess, Integer.MAX_VALUE - 8);
    TopFieldDocs top = searcher.search(scope, n, new Sort(new SortField(EntryDocument.SEQ, SortField.Type.LONG)));
    long[] seqs = new long[top.scoreDocs.length];
    for (int i = 0; i < seqs.length; i++) {
      ScoreDoc doc = top.scoreDocs[i];
      seqs[i] = (Long) ((FieldDoc) doc).fields[0];
    }
    return seqs;
  }
}
