package dev.apprentice.local.cache;

import dev.apprentice.api.files.PrivateFiles;
import dev.apprentice.local.index.IndexFaults;
import dev.apprentice.local.index.IndexFaults.Fault;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig.OpenMode;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PointValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.store.NRTCachingDirectory;

/**
 * The cache's Lucene index on disk: one writer, near-real-time searchers and the policy that makes stores visible. An
 * index that cannot be read is replaced by an empty one (it is only a cache); one locked by another process is not.
 *
 * <p>When Lucene closes the writer after a tragic error (a full disk, say), the index is {@link IndexWriting#broken()
 * broken}: the next use opens it again from its last commit (the stores since are lost), at most once every
 * {@link #REOPEN_GAP} by the cache's clock, so a disk that is still full is not hammered with reopens. Until then
 * stores fail and lookups answer from what was visible before.
 */
final class CacheIndex implements Closeable {

  private static final System.Logger LOG = System.getLogger(CacheIndex.class.getName());
  /** The least time between two attempts to open a broken index again. */
  static final Duration REOPEN_GAP = Duration.ofSeconds(5);
  /**
   * How often, and how far apart, opening tries for the writer's lock before saying the cache is in use: a report
   * ({@link CacheOnDisk}) holds it for a moment, which must not stop a server that starts meanwhile.
   */
  private static final int LOCK_TRIES = 20;
  private static final long LOCK_WAIT_MILLIS = 50;

  /** A read of the index with one searcher. */
  interface Read<T> {
    T apply(IndexSearcher searcher) throws IOException;
  }

  /** Where the index's files live: a folder on disk, or (in tests) a directory that fails on purpose. */
  @FunctionalInterface
  interface Directories {
    Directories ON_DISK = path -> new NRTCachingDirectory(FSDirectory.open(path), 8, 64);

    Directory open(Path path) throws IOException;
  }

  private final Path path;
  private final Directory directory;
  private final Clock clock;
  private final Complaints complaints;
  /** Reopens the searchers in the background; null when every change is made visible as it is made. */
  private final ScheduledExecutorService refresher;
  private volatile IndexWriting current;
  private volatile boolean closed;
  /** When the index was last opened again, by the clock; guarded by this. */
  private long reopenedAtMillis;
  private boolean reopenedYet;

  private CacheIndex(Path path, Directory directory, IndexWriting first, Duration refreshInterval, Clock clock,
      Complaints complaints) {
    this.path = path;
    this.directory = directory;
    this.current = first;
    this.clock = clock;
    this.complaints = complaints;
    if (refreshInterval.isZero()) {
      refresher = null;
    } else {
      refresher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
          .name("apprentice-cache-refresh").factory());
      long every = refreshInterval.toNanos();
      refresher.scheduleWithFixedDelay(this::refreshQuietly, every, every, TimeUnit.NANOSECONDS);
    }
  }

  /** Opens (or creates) the index in a folder; fails with LockObtainFailedException when another writer has it. */
  static CacheIndex open(Path path, Duration refreshInterval, Clock clock, Directories directories,
      Complaints complaints) throws IOException {
    PrivateFiles.createDirectories(path); // cached prompts and answers: as private as the database
    Directory directory = directories.open(path);
    try {
      return new CacheIndex(path, directory, openWritingOnceFree(path, directory), refreshInterval, clock,
          complaints);
    } catch (IOException | RuntimeException e) {
      directory.close();
      throw e;
    }
  }

  /** As {@link #openWriting}, waiting a moment for a lock another process holds, as a report does while it reads. */
  private static IndexWriting openWritingOnceFree(Path path, Directory directory) throws IOException {
    for (int tries = 1; ; tries++) {
      try {
        return openWriting(path, directory);
      } catch (LockObtainFailedException held) {
        if (tries >= LOCK_TRIES) throw held;
        try {
          Thread.sleep(LOCK_WAIT_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw held;
        }
      }
    }
  }

  /** A writer and searchers on the directory's last commit; an unreadable index is replaced by an empty one. */
  private static IndexWriting openWriting(Path path, Directory directory) throws IOException {
    try {
      return IndexWriting.open(directory, OpenMode.CREATE_OR_APPEND);
    } catch (LockObtainFailedException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      Fault fault = faultOnOpening(e);
      if (fault == null) {
        LOG.log(System.Logger.Level.WARNING, "the response cache at " + path + " cannot be read ("
            + IndexFaults.words(e) + "); starting it empty", e);
      } else { // said in full: Lucene's own words name its Java classes
        LOG.log(System.Logger.Level.WARNING, "the response cache cannot be read: " + fault.of(path)
            + "; starting it empty");
        LOG.log(System.Logger.Level.DEBUG, "why the response cache could not be read", e);
      }
      deleteIndexFiles(directory);
      IndexWriting fresh = IndexWriting.open(directory, OpenMode.CREATE);
      try {
        fresh.writer().commit();
      } catch (IOException | RuntimeException again) {
        fresh.close();
        throw again;
      }
      return fresh;
    }
  }

  /**
   * The fault of an index that failed to open with {@code e}, or null when it is none of its files' (a permission):
   * Lucene says that it does not know an index's format with an IllegalArgumentException.
   */
  static Fault faultOnOpening(Throwable e) {
    return IndexFaults.fault(e instanceof IllegalArgumentException unknown
        ? new IndexFaults.UnknownFormatException(unknown) : e);
  }

  /** Deletes the files of an unreadable index, leaving anything that is not Lucene's alone. */
  private static void deleteIndexFiles(Directory directory) throws IOException {
    for (String name : directory.listAll()) {
      boolean lucene = name.startsWith(IndexFileNames.SEGMENTS) || name.startsWith(IndexFileNames.PENDING_SEGMENTS)
          || IndexFileNames.CODEC_FILE_PATTERN.matcher(name).matches();
      if (lucene) directory.deleteFile(name);
    }
  }

  /**
   * What {@code e}, met on this index, says in words a user can act on, without Lucene's (which name its Java
   * classes): the index's fault (damaged, another version's format), or the trouble with its files.
   */
  String words(Throwable e) {
    Fault fault = IndexFaults.fault(e);
    return fault == null ? IndexFaults.words(e) : fault.of(path) + ": restart the server, which starts it empty";
  }

  /** The writer to change the index with (a broken index is opened again first, when it is time to). */
  IndexWriter writer() {
    return usable().writer();
  }

  /** Reads with the current searcher. */
  <T> T read(Read<T> read) throws IOException {
    SearcherManager searchers = usable().searchers();
    IndexSearcher searcher = searchers.acquire();
    try {
      return read.apply(searcher);
    } finally {
      searchers.release(searcher);
    }
  }

  /** Called after each change: with no background refresh, makes it visible before returning. */
  void changed() throws IOException {
    if (refresher == null) refresh();
  }

  /** Makes every change so far visible. */
  void refresh() throws IOException {
    usable().searchers().maybeRefreshBlocking();
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
    IndexWriter writer = writer();
    if (writer.hasUncommittedChanges()) writer.commit();
  }

  /** The current writer and searchers, opened again first when broken and the last attempt is long enough ago. */
  private IndexWriting usable() {
    IndexWriting now = current;
    return now.broken() && !closed ? reopen(now) : now;
  }

  private synchronized IndexWriting reopen(IndexWriting broken) {
    long now = clock.millis();
    if (current != broken || closed || (reopenedYet && now - reopenedAtMillis < REOPEN_GAP.toMillis())) {
      return current;
    }
    reopenedYet = true;
    reopenedAtMillis = now;
    Throwable cause = broken.writer().getTragicException();
    broken.closeQuietly();
    try {
      current = openWriting(path, directory);
      LOG.log(System.Logger.Level.WARNING, "the response cache at " + path + " was closed by a failure ("
          + IndexFaults.words(cause) + "); opened it again from its last commit");
    } catch (IOException | RuntimeException e) {
      complaints.log("the response cache at " + path + " was closed by a failure and cannot be opened again yet"
          + " (the next attempt is in " + REOPEN_GAP.toSeconds() + " s)", e);
    }
    return current;
  }

  /** The background refresh: a failure is logged, and the refresh goes on (a broken index is opened again). */
  private void refreshQuietly() {
    try {
      IndexWriting writing = usable();
      if (!writing.broken()) writing.searchers().maybeRefreshBlocking();
    } catch (IOException | RuntimeException e) {
      if (!closed) complaints.log("cannot refresh the response cache's searchers", e);
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    try {
      if (refresher != null) {
        refresher.shutdown();
        awaitRefresh();
      }
      IndexWriting last;
      synchronized (this) {
        last = current;
      }
      last.close();
    } finally {
      directory.close();
    }
  }

  private void awaitRefresh() {
    try {
      if (!refresher.awaitTermination(5, TimeUnit.SECONDS)) refresher.shutdownNow();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
