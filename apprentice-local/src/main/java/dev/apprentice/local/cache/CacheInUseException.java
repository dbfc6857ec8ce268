package dev.apprentice.local.cache;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * The cache's folder is held by another process's writer: a server running on the same data directory, most likely
 * (Lucene lets one writer at a time have an index).
 */
public final class CacheInUseException extends UncheckedIOException {

  CacheInUseException(Path directory, LockObtainFailedException cause) {
    super("the response cache in " + directory + " is in use by another apprentice process (a server running on this"
        + " data directory?): stop it, or use another data directory (--data-dir); `cache stats` and `cache clear`"
        + " can work through the running server instead (--url http://HOST:PORT)", cause);
  }
}
