package dev.apprentice.local.cache;

import dev.apprentice.api.cache.CacheKey;
import dev.apprentice.api.cache.CachedAnswer;
import dev.apprentice.api.retrieval.RetrievedChunk;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;

/**
 * The Lucene document of one cache entry: its fields, how one is built and how one is read back. Composite terms
 * length-prefix their parts, so no tenant or model name can be crafted to reach another's entries.
 */
final class EntryDocument {

  static final String ID = "id";
  static final String TENANT = "tenant";
  static final String MODEL = "model";
  static final String SCOPE = "scope";
  static final String CONTEXT = "context";
  static final String EXACT = "exact";
  static final String CONTEXT_KEY = "context_key";
  static final String PROMPT = "prompt";
  static final String RESPONSE = "response";
  static final String COST = "cost";
  static final String SERVED_BY = "served_by";
  /**
   * The identity of the private-value check the entry's answer passed as it was kept ({@link
   * CachedAnswer#privacyCheck}); absent otherwise. Entries of older versions carry {@code privacy_checked: 1}
   * instead, which does not say under which settings: they are read as unchecked.
   */
  static final String PRIVACY_CHECK = "privacy_check";
  /**
   * The chunks a {@code rag:} model's retrieval put into the prompt the answer was made from, as JSON; absent on an
   * entry made without retrieval, or kept before they were recorded (read as none).
   */
  static final String RETRIEVED = "retrieved";
  static final String STORED_AT = "stored_at";
  static final String EXPIRES_AT = "expires_at";
  static final String SEQ = "seq";

  private static final Set<String> READ = Set.of(EXACT, RESPONSE, COST, SERVED_BY, PRIVACY_CHECK, RETRIEVED,
      STORED_AT, EXPIRES_AT);

  private EntryDocument() {}

  /** The unique term of the entry of a key: tenant, model and exact key. */
  static Term id(CacheKey key) {
    return id(key.tenant(), key.model(), key.exact());
  }

  static Term id(String tenant, String model, String exact) {
    return new Term(ID, scope(tenant, model) + exact);
  }

  /** The term shared by a tenant's entries for one model. */
  static Term scopeTerm(String tenant, String model) {
    return new Term(SCOPE, scope(tenant, model));
  }

  /** The term shared by the entries among which a key's semantic matches are sought. */
  static Term contextTerm(CacheKey key) {
    return new Term(CONTEXT, scope(key.tenant(), key.model()) + key.context());
  }

  /** The entries still live at {@code nowMillis}: those that expire after it. */
  static Query live(long nowMillis) {
    return LongPoint.newRangeQuery(EXPIRES_AT, nowMillis + 1, Long.MAX_VALUE);
  }

  static String scope(String tenant, String model) {
    return tenant.length() + ":" + tenant + model.length() + ":" + model;
  }

  /** A new entry; {@code vector} is null for an entry only the exact tier finds. */
  static Document build(CacheKey key, CachedAnswer answer, long storedAt, long expiresAt, long seq,
      String vectorField, float[] vector) {
    Document doc = new Document();
    doc.add(new StringField(ID, id(key).text(), Field.Store.NO));
    doc.add(new StringField(TENANT, key.tenant(), Field.Store.YES));
    doc.add(new StringField(MODEL, key.model(), Field.Store.YES));
    doc.add(new StringField(SCOPE, scope(key.tenant(), key.model()), Field.Store.NO));
    doc.add(new StringField(CONTEXT, contextTerm(key).text(), Field.Store.NO));
    doc.add(new StoredField(EXACT, key.exact()));
    doc.add(new StoredField(CONTEXT_KEY, key.context()));
    doc.add(new StoredField(PROMPT, key.prompt()));
    doc.add(new StoredField(RESPONSE, answer.response()));
    doc.add(new StoredField(COST, answer.costUsd()));
    if (answer.servedBy() != null) doc.add(new StoredField(SERVED_BY, answer.servedBy()));
    if (answer.privacyCheck() != null) doc.add(new StoredField(PRIVACY_CHECK, answer.privacyCheck()));
    if (!answer.retrieved().isEmpty()) doc.add(new StoredField(RETRIEVED, StoredChunks.write(answer.retrieved())));
    doc.add(new StoredField(STORED_AT, storedAt));
    doc.add(new LongPoint(EXPIRES_AT, expiresAt));
    doc.add(new StoredField(EXPIRES_AT, expiresAt));
    doc.add(new LongPoint(SEQ, seq));
    doc.add(new NumericDocValuesField(SEQ, seq));
    if (vector != null) doc.add(new KnnFloatVectorField(vectorField, vector, VectorSimilarityFunction.DOT_PRODUCT));
    return doc;
  }

  /** The entry stored as a document, or empty when a field is missing or of the wrong kind. */
  static Optional<StoredEntry> read(StoredFields fields, int docId) throws IOException {
    Document doc = fields.document(docId, READ);
    String response = doc.get(RESPONSE);
    Number cost = number(doc.getField(COST));
    Number storedAt = number(doc.getField(STORED_AT));
    Number expiresAt = number(doc.getField(EXPIRES_AT));
    if (response == null || response.isBlank() || cost == null || storedAt == null || expiresAt == null) {
      return Optional.empty();
    }
    String chunks = doc.get(RETRIEVED);
    List<RetrievedChunk> retrieved = chunks == null ? List.of() : StoredChunks.read(chunks);
    if (retrieved == null) return Optional.empty(); // served without them, its answer would be judged without them
    return Optional.of(new StoredEntry(doc.get(EXACT), response, cost.doubleValue(), doc.get(SERVED_BY),
        doc.get(PRIVACY_CHECK), retrieved, storedAt.longValue(), expiresAt.longValue()));
  }

  /**
   * The document of the entry at {@code docId} as {@link #build} makes one, without its vector (so that only the exact
   * tier finds it) and with its sequence number (so that it is evicted when it would have been); empty when its
   * {@code stored_at} is not {@code storedAtMillis} (the entry was replaced since it was found) or a field is missing.
   */
  static Optional<Document> withoutVector(IndexSearcher searcher, int docId, long storedAtMillis) throws IOException {
    Document doc = searcher.storedFields().document(docId);
    Number cost = number(doc.getField(COST));
    Number storedAt = number(doc.getField(STORED_AT));
    Number expiresAt = number(doc.getField(EXPIRES_AT));
    String tenant = doc.get(TENANT);
    String model = doc.get(MODEL);
    String exact = doc.get(EXACT);
    String context = doc.get(CONTEXT_KEY);
    String prompt = doc.get(PROMPT);
    String response = doc.get(RESPONSE);
    if (cost == null || storedAt == null || expiresAt == null || storedAt.longValue() != storedAtMillis
        || tenant == null || model == null || exact == null || context == null || prompt == null || response == null) {
      return Optional.empty();
    }
    String chunks = doc.get(RETRIEVED);
    List<RetrievedChunk> retrieved = chunks == null ? List.of() : StoredChunks.read(chunks);
    if (retrieved == null) return Optional.empty();
    Long seq = seq(searcher, docId);
    if (seq == null) return Optional.empty();
    CachedAnswer answer = new CachedAnswer(response, cost.doubleValue(), doc.get(SERVED_BY), doc.get(PRIVACY_CHECK),
        retrieved);
    return Optional.of(build(new CacheKey(tenant, model, exact, context, prompt), answer, storedAt.longValue(),
        expiresAt.longValue(), seq, null, null));
  }

  private static Long seq(IndexSearcher searcher, int docId) throws IOException {
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(docId, leaves));
    NumericDocValues values = DocValues.getNumeric(leaf.reader(), SEQ);
    return values.advanceExact(docId - leaf.docBase) ? values.longValue() : null;
  }

  private static Number number(IndexableField field) {
    return field == null ? null : field.numericValue();
  }

  /**
   * What a hit needs of an entry; {@code servedBy} and {@code privacyCheck} are null and {@code retrieved} empty for
   * entries kept before they were recorded.
   */
  record StoredEntry(String exact, String response, double costUsd, String servedBy, String privacyCheck,
      List<RetrievedChunk> retrieved, long storedAtMillis, long expiresAtMillis) {}
}
