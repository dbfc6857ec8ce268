package dev.apprentice.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which server serves a data directory, so that another process on the same directory can send its calls through it
 * (an in-process evaluation, whose own gateway would keep its own budget ledger and rate limits beside the server's).
 * A serving server holds an exclusive lock on {@code <data_dir>/server.lock} for as long as it runs — the operating
 * system releases it when the process ends, crash included — and writes its address to {@code <data_dir>/server.json}
 * ({@code url}, {@code pid}, {@code started_at}), which it deletes when it stops. A process asking finds a server only
 * while the lock is held: an address file a crashed server left behind is ignored (and deleted).
 */
public final class DataDirServer {

  public static final String LOCK_FILE = "server.lock";
  public static final String ADDRESS_FILE = "server.json";

  private static final System.Logger LOG = System.getLogger(DataDirServer.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How long a starting server waits for a lock that a process merely checking it holds for a moment. */
  private static final int LOCK_TRIES = 20;
  private static final long LOCK_WAIT_MILLIS = 50;
  /**
   * The servers of this JVM, by data directory: a process's file locks are the process's, so this JVM must not open
   * and close the lock file of a directory it serves (on Linux that would release the server's lock).
   */
  private static final Map<Path, Found> HERE = new ConcurrentHashMap<>();

  private DataDirServer() {}

  /**
   * A server found on a data directory.
   *
   * @param url its address ({@code http://host:port}), or null while it holds the lock but has not written it yet
   * @param pid its process id, or -1 when unknown
   */
  public record Found(String url, long pid) {}

  /** A server's hold on its data directory; closing it deletes the address and releases the lock. */
  public static final class Registration implements AutoCloseable {
    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private Registration(Path dir, FileChannel channel, FileLock lock) {
      this.dir = dir;
      this.channel = channel;
      this.lock = lock;
    }

    @Override
    public void close() {
      HERE.remove(dir);
      try {
        Files.deleteIfExists(dir.resolve(ADDRESS_FILE));
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "could not delete " + dir.resolve(ADDRESS_FILE) + ": " + e.getMessage());
      }
      try (channel) {
        lock.release();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "could not release " + dir.resolve(LOCK_FILE) + ": " + e.getMessage());
      }
    }
  }

  /**
   * Registers a server listening on {@code host:port} as the one serving {@code dataDir}. Empty when it cannot (the
   * directory is not writable, or another server holds it): a server still serves, and says so in its log.
   */
  public static synchronized Optional<Registration> register(Path dataDir, String host, int port) {
    Path dir;
    FileChannel channel = null;
    try {
      Files.createDirectories(dataDir);
      dir = key(dataDir);
      channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = lock(channel);
      if (lock == null) {
        channel.close();
        LOG.log(System.Logger.Level.WARNING, "another server holds the data directory " + dir + " (" + LOCK_FILE
            + "): evaluation runs on it send their calls to that one");
        return Optional.empty();
      }
      Found found = new Found(url(host, port), ProcessHandle.current().pid());
      writeAddress(dir, found);
      HERE.put(dir, found);
      return Optional.of(new Registration(dir, channel, lock));
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // already failing
        }
      }
      LOG.log(System.Logger.Level.WARNING, "could not record this server in the data directory " + dataDir + ": "
          + e.getMessage() + "; an in-process evaluation beside it would not find it");
      return Optional.empty();
    }
  }

  /**
   * The server that serves {@code dataDir} now, if one does. Synchronized with {@link #register}: this JVM opens the
   * lock file only when none of its servers holds it.
   */
  public static synchronized Optional<Found> find(Path dataDir) {
    Path dir;
    try {
      dir = key(dataDir);
    } catch (IOException e) {
      return Optional.empty(); // no such directory: nothing serves it
    }
    Found here = HERE.get(dir);
    if (here != null) return Optional.of(here);
    Path lockFile = dir.resolve(LOCK_FILE);
    if (!Files.exists(lockFile)) return Optional.empty();
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock free;
      try {
        free = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        return Optional.of(new Found(null, -1)); // held in this JVM, though not by a server of ours: say so
      }
      if (free != null) {
        // no server holds it: an address file left by one that crashed means nothing, and goes
        Files.deleteIfExists(dir.resolve(ADDRESS_FILE));
        free.release();
        return Optional.empty();
      }
    } catch (IOException e) {
      return Optional.empty(); // not readable as a lock: nothing serves it that this process could reach
    }
    return Optional.of(readAddress(dir));
  }

  private static FileLock lock(FileChannel channel) throws IOException {
    for (int i = 0; i < LOCK_TRIES; i++) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        return null; // another server of this JVM holds it
      }
      if (lock != null) return lock;
      try {
        Thread.sleep(LOCK_WAIT_MILLIS); // a process finding out whether a server runs holds it only a moment
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  private static void writeAddress(Path dir, Found found) throws IOException {
    ObjectNode address = JSON.createObjectNode().put("url", found.url()).put("pid", found.pid())
        .put("started_at", Instant.now().toString());
    Path written = dir.resolve(ADDRESS_FILE + ".tmp");
    Files.writeString(written, JSON.writeValueAsString(address) + "\n", StandardCharsets.UTF_8);
    Files.move(written, dir.resolve(ADDRESS_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static Found readAddress(Path dir) {
    try {
      JsonNode address = JSON.readTree(Files.readString(dir.resolve(ADDRESS_FILE), StandardCharsets.UTF_8));
      String url = address.path("url").asText(null);
      return new Found(url == null || url.isBlank() ? null : url, address.path("pid").asLong(-1));
    } catch (IOException | RuntimeException e) {
      return new Found(null, -1); // held, its address not written yet (or unreadable)
    }
  }

  /** The directory as one key however it was named (relative, with a symbolic link on the way). */
  private static Path key(Path dataDir) throws IOException {
    return dataDir.toRealPath();
  }

  /** The address a process on this machine reaches a server on {@code host:port} at. */
  static String url(String host, int port) {
    String reach = host;
    try {
      InetAddress address = InetAddress.getByName(host);
      if (address.isAnyLocalAddress()) reach = address instanceof java.net.Inet6Address ? "::1" : "127.0.0.1";
    } catch (UnknownHostException e) {
      // a name: used as it is
    }
    return "http://" + (reach.contains(":") && !reach.startsWith("[") ? "[" + reach + "]" : reach) + ":" + port;
  }
}
