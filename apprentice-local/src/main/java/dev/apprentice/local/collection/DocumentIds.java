package dev.apprentice.local.collection;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiBits;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * Pages through a collection's documents by walking the index's sorted terms of document ids: nothing is scored or
 * sorted, and a page reads only its own documents (one stored chunk each, for its source). An id whose chunks were all
 * removed, but whose term the index still holds until it merges, is passed over.
 */
final class DocumentIds {

  private DocumentIds() {}

  /** Up to {@code limit} documents whose ids come after {@code after} (null: from the first), by id. */
  static DocumentPage page(IndexReader reader, String after, int limit) throws IOException {
    Terms terms = MultiTerms.getTerms(reader, VectorIndex.DOCUMENT_ID);
    if (terms == null) return new DocumentPage(List.of(), false);
    TermsEnum ids = terms.iterator();
    BytesRef id = start(ids, after);
    Bits live = MultiBits.getLiveDocs(reader);
    StoredFields stored = reader.storedFields();
    List<StoredDocument> documents = new ArrayList<>();
    PostingsEnum chunks = null;
    for (; id != null; id = ids.next()) {
      chunks = ids.postings(chunks, PostingsEnum.NONE);
      int chunk = firstLive(chunks, live);
      if (chunk == DocIdSetIterator.NO_MORE_DOCS) continue;
      if (documents.size() == limit) return new DocumentPage(documents, true);
      String source = stored.document(chunk, Set.of(VectorIndex.SOURCE)).get(VectorIndex.SOURCE);
      documents.add(new StoredDocument(id.utf8ToString(), source));
    }
    return new DocumentPage(documents, false);
  }

  /** The first id after {@code after}, or null when none is. */
  private static BytesRef start(TermsEnum ids, String after) throws IOException {
    if (after == null) return ids.next();
    return switch (ids.seekCeil(new BytesRef(after))) {
      case END -> null;
      case FOUND -> ids.next();
      case NOT_FOUND -> ids.term();
    };
  }

  private static int firstLive(PostingsEnum chunks, Bits live) throws IOException {
    for (int doc = chunks.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = chunks.nextDoc()) {
      if (live == null || live.get(doc)) return doc;
    }
    return DocIdSetIterator.NO_MORE_DOCS;
  }
}
