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
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;

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

  private static final Set<String> READ = Set.of(RESPONSE, COST, SERVED_BY, PRIVACY_CHECK, RETRIEVED, STORED_AT,
      EXPIRES_AT);

  private EntryDocument() {}

  /** The unique term of the entry of a key: tenant, model and exact key. */
  static Term id(CacheKey key) {
    return new Term(ID, scope(key.tenant(), key.model()) + key.exact());
  }

  /** The term shared by a tenant's entries for one model. */
  static Term scopeTerm(String tenant, String model) {
    return new Term(SCOPE, scope(tenant, model));
  }

  /** The term shared by the entries among which a key's semantic matches are sought. */
  static Term contextTerm(CacheKey key) {
    return new Term(CONTEXT, scope(key.tenant(), key.model()) + key.context());
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
    return Optional.of(new StoredEntry(response, cost.doubleValue(), doc.get(SERVED_BY),
        doc.get(PRIVACY_CHECK), retrieved, storedAt.longValue(), expiresAt.longValue()));
  }

  private static Number number(IndexableField field) {
    return field == null ? null : field.numericValue();
  }

  /**
   * What a hit needs of an entry; {@code servedBy} and {@code privacyCheck} are null and {@code retrieved} empty for
   * entries kept before they were recorded.
   */
  record StoredEntry(String response, double costUsd, String servedBy, String privacyCheck,
      List<RetrievedChunk> retrieved, long storedAtMillis, long expiresAtMillis) {}
}
