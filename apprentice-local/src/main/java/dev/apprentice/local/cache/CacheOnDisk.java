package dev.apprentice.local.cache;

import dev.apprentice.api.cache.CacheStats;
import dev.apprentice.local.index.IndexFaults;
import dev.apprentice.local.index.IndexFaults.Fault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.Lock;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * The response cache on disk read as it is, for a command that only reports on it: nothing of the index is written,
 * no embedding model is loaded, and an index that cannot be read is said to be, never replaced (only opening the
 * cache itself, {@link LuceneResponseCache}, starts a damaged one empty). The writer's lock is taken while it reads,
 * so that a cache another process has open is refused as {@link LuceneResponseCache} refuses it; a server that starts
 * meanwhile waits for that moment to pass rather than fail (see {@code CacheIndex}). A user who may read the folder but
 * not write it cannot take that lock (Lucene's lock is a file opened for writing): the index's last commit is read
 * without it, which a reader never needs, whether or not a server has the cache open.
 */
public final class CacheOnDisk {

  private CacheOnDisk() {}

  /**
   * The live entries of the cache in {@code directory}, an existing folder (0 when it holds no index yet), with no
   * lookups counted.
   *
   * @throws CacheInUseException  while another process has the cache open
   * @throws UncheckedIOException when its index cannot be read (damaged, another version's format), in words
   */
  public static CacheStats stats(Path directory, Clock clock) {
    return stats(directory, clock, FSDirectory::open);
  }

  /** As {@link #stats(Path, Clock)}, with the index's files where {@code directories} opens them. */
  static CacheStats stats(Path directory, Clock clock, CacheIndex.Directories directories) {
    try (Directory files = directories.open(directory)) {
      // no writer has opened a folder without a lock file (every writer makes one): there is nothing to count, and
      // taking the lock would make that file
      if (neverOpened(directory, files)) return new CacheStats(0, 0, 0, 0);
      try (Lock held = lockUnlessReadOnly(files)) {
        if (!DirectoryReader.indexExists(files)) return new CacheStats(0, 0, 0, 0);
        try (DirectoryReader reader = DirectoryReader.open(files)) {
          long live = new IndexSearcher(reader).count(EntryDocument.live(clock.millis()));
          return new CacheStats(live, 0, 0, 0);
        }
      }
    } catch (LockObtainFailedException e) {
      throw new CacheInUseException(directory, e);
    } catch (IOException | IllegalArgumentException e) {
      throw unreadable(directory, e);
    }
  }

  /** The writer's lock, or null when this user may not write the folder (so may not make or open its lock file). */
  private static Lock lockUnlessReadOnly(Directory files) throws IOException {
    try {
      return files.obtainLock(IndexWriter.WRITE_LOCK_NAME);
    } catch (AccessDeniedException readOnly) {
      return null;
    }
  }

  private static boolean neverOpened(Path directory, Directory files) throws IOException {
    return !Files.exists(directory.resolve(IndexWriter.WRITE_LOCK_NAME)) && !DirectoryReader.indexExists(files);
  }

  private static UncheckedIOException unreadable(Path directory, Exception e) {
    Fault fault = CacheIndex.faultOnOpening(e);
    String why = fault == null ? "cannot read the response cache in " + directory + ": " + IndexFaults.words(e)
        : "the response cache cannot be read: " + fault.of(directory) + "; it is left as it is (`apprentice serve`"
            + " starts it empty, and so does `apprentice cache clear`)";
    return new UncheckedIOException(why, e instanceof IOException io ? io : new IOException(e));
  }
}
