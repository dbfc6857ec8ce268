package dev.apprentice.local.cache;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexWriterConfig.OpenMode;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PointValues;
import org.apache.lucene.search.ControlledRealTimeReopenThread;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.store.NRTCachingDirectory;

/**
 * The cache's Lucene index on disk: one writer, near-real-time searchers and the policy that makes stores visible. An
 * index that cannot be read is replaced by an empty one (it is only a cache); one locked by another process is not.
 */
final class CacheIndex implements Closeable {

  private static final System.Logger LOG = System.getLogger(CacheIndex.class.getName());

  /** A read of the index with one searcher. */
  interface Read<T> {
    T apply(IndexSearcher searcher) throws IOException;
  }

  final IndexWriter writer;
  private final Directory directory;
  private final SearcherManager searchers;
  private final ControlledRealTimeReopenThread<IndexSearcher> reopener;

  private CacheIndex(Directory directory, IndexWriter writer, SearcherManager searchers, Duration refreshInterval) {
    this.directory = directory;
    this.writer = writer;
    this.searchers = searchers;
    if (refreshInterval.isZero()) {
      reopener = null;
    } else {
      double seconds = refreshInterval.toNanos() / 1e9;
      reopener = new ControlledRealTimeReopenThread<>(writer, searchers, seconds, Math.min(seconds, 0.001));
      reopener.setName("apprentice-cache-refresh");
      reopener.setDaemon(true);
      reopener.start();
    }
  }

  /** Opens (or creates) the index in a folder. */
  static CacheIndex open(Path path, Duration refreshInterval) throws IOException {
    Files.createDirectories(path);
    Directory directory = new NRTCachingDirectory(FSDirectory.open(path), 8, 64);
    try {
      return open(directory, OpenMode.CREATE_OR_APPEND, refreshInterval);
    } catch (LockObtainFailedException e) {
      directory.close();
      throw e;
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "the response cache at " + path + " is unreadable; starting it empty", e);
      try {
        deleteIndexFiles(directory);
        CacheIndex fresh = open(directory, OpenMode.CREATE, refreshInterval);
        fresh.writer.commit();
        return fresh;
      } catch (IOException | RuntimeException again) {
        directory.close();
        throw again;
      }
    }
  }

  /** Deletes the files of an unreadable index, leaving anything that is not Lucene's alone. */
  private static void deleteIndexFiles(Directory directory) throws IOException {
    for (String name : directory.listAll()) {
      boolean lucene = name.startsWith(IndexFileNames.SEGMENTS) || name.startsWith(IndexFileNames.PENDING_SEGMENTS)
          || IndexFileNames.CODEC_FILE_PATTERN.matcher(name).matches();
      if (lucene) directory.deleteFile(name);
    }
  }

  private static CacheIndex open(Directory directory, OpenMode mode, Duration refreshInterval) throws IOException {
    IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig().setOpenMode(mode));
    try {
      return new CacheIndex(directory, writer, new SearcherManager(writer, null), refreshInterval);
    } catch (IOException | RuntimeException e) {
      writer.rollback();
      throw e;
    }
  }

  /** Reads with the current searcher. */
  <T> T read(Read<T> read) throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      return read.apply(searcher);
    } finally {
      searchers.release(searcher);
    }
  }

  /** Called after each change: with no background refresh, makes it visible before returning. */
  void changed() throws IOException {
    if (reopener == null) searchers.maybeRefreshBlocking();
  }

  /** Makes every change so far visible. */
  void refresh() throws IOException {
    searchers.maybeRefreshBlocking();
  }

  /** The largest sequence number ever given to an entry, or 0. */
  long maxSeq() throws IOException {
    return read(searcher -> {
      long max = 0;
      for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
        PointValues points = leaf.reader().getPointValues(EntryDocument.SEQ);
        if (points != null) max = Math.max(max, LongPoint.decodeDimension(points.getMaxPackedValue(), 0));
      }
      return max;
    });
  }

  /** Makes stores durable when there are any since the last commit. */
  void commit() throws IOException {
    if (writer.hasUncommittedChanges()) writer.commit();
  }

  @Override
  public void close() throws IOException {
    try {
      if (reopener != null) reopener.close();
      searchers.close();
      writer.close();
    } finally {
      directory.close();
    }
  }
}
