package dev.apprentice.local.cache;

import java.io.IOException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexWriterConfig.OpenMode;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;

/** One opening of the cache's index: its writer and the near-real-time searchers over it. */
record IndexWriting(IndexWriter writer, SearcherManager searchers) {

  /** Opens a writer on the directory (which stays open when this closes or fails to open). */
  static IndexWriting open(Directory directory, OpenMode mode) throws IOException {
    IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig().setOpenMode(mode));
    try {
      return new IndexWriting(writer, new SearcherManager(writer, null));
    } catch (IOException | RuntimeException e) {
      writer.rollback();
      throw e;
    }
  }

  /** Whether Lucene closed the writer after a tragic error (a full disk, say): the index must be opened again. */
  boolean broken() {
    return !writer.isOpen();
  }

  /** Closes the searchers, then the writer, committing what it holds (a broken writer has nothing left to commit). */
  void close() throws IOException {
    if (broken()) {
      closeQuietly();
      return;
    }
    try {
      searchers.close();
    } finally {
      writer.close();
    }
  }

  /** Closes without committing, ignoring failures: for a writer that is broken already. */
  void closeQuietly() {
    try {
      searchers.close();
    } catch (IOException | RuntimeException e) {
      // the searchers of a broken index: nothing to keep
    }
    try {
      writer.rollback();
    } catch (IOException | RuntimeException e) {
      // closed already by the failure that broke it
    }
  }
}
