package dev.apprentice.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.files.FileProblems;
import dev.apprentice.api.files.PrivateFiles;
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
 * Which process holds a data directory: a serving server, or an evaluation run with the gateway in its own process.
 * One at a time, because each keeps the tenants' budget ledgers and rate limits in its process (read from the store
 * once, at its start), and two beside each other would let a tenant spend its budget twice. The holder holds an
 * exclusive lock on {@code <data_dir>/server.lock} for as long as it runs — the operating system releases it when the
 * process ends, crash included — and writes who it is to {@code <data_dir>/server.json} ({@code holder}, a server's
 * {@code url}, {@code pid}, {@code started_at}), which it deletes when it stops. The lock decides: a process finds a
 * holder only while the lock is held, and a file a crashed holder left behind neither counts nor keeps anyone from
 * claiming the directory. Commands that only read the store, or write it the way the admin API does (keys, datasets,
 * prompts), take no part: SQLite lets them work beside the holder.
 */
public final class DataDirServer {

  public static final String LOCK_FILE = "server.lock";
  public static final String ADDRESS_FILE = "server.json";

  private static final System.Logger LOG = System.getLogger(DataDirServer.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How long a claim waits for a lock that a process merely checking it ({@link #find}) holds for a moment. */
  private static final int LOCK_TRIES = 20;
  private static final long LOCK_WAIT_MILLIS = 50;
  /**
   * The holders in this JVM, by data directory: a process's file locks are the process's, so this JVM must not open
   * and close the lock file of a directory it holds (on Linux that would release the lock).
   */
  private static final Map<Path, Found> HERE = new ConcurrentHashMap<>();

  private DataDirServer() {}

  /** What holds a data directory. */
  public enum Holder {
    /** {@code apprentice serve}. */
    SERVE("serve"),
    /** {@code apprentice eval run} without {@code --url}: the gateway runs in the evaluation's process. */
    EVAL_RUN("eval run");

    private final String label;

    Holder(String label) {
      this.label = label;
    }

    /** As {@code server.json} says it. */
    public String label() {
      return label;
    }

    static Holder of(String label) {
      for (Holder h : values()) if (h.label.equals(label)) return h;
      return null;
    }
  }

  /**
   * A holder found on a data directory.
   *
   * @param holder what it is, or null while it holds the lock but has not said so yet (or its record is unreadable)
   * @param url a server's address ({@code http://host:port}); null for an evaluation run or a server not yet listening
   * @param pid its process id, or -1 when unknown
   */
  public record Found(Holder holder, String url, long pid) {

    /** The holder in a few words, for a message: {@code a server (pid 4242, http://127.0.0.1:8080)}. */
    public String describe() {
      if (holder == null) return "another process (it has not written " + ADDRESS_FILE + " yet)";
      return switch (holder) {
        case SERVE -> "a server (pid " + pid + ", " + (url == null ? "not listening yet" : url) + ")";
        case EVAL_RUN -> "an evaluation run with its own gateway (apprentice eval run, pid " + pid + ")";
      };
    }
  }

  /** A claim refused: another process (or another part of this one) holds the data directory. */
  public static final class HeldElsewhere extends IllegalStateException {
    private final transient Found holder;

    private HeldElsewhere(String message, Found holder) {
      super(message, null);
      this.holder = holder;
    }

    /** Who holds it. */
    public Found holder() {
      return holder;
    }
  }

  /** A process's hold on its data directory; closing it deletes {@code server.json} and releases the lock. */
  public static final class Hold implements AutoCloseable {
    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;
    private final Holder holder;
    private final String startedAt = Instant.now().toString();

    private Hold(Path dir, FileChannel channel, FileLock lock, Holder holder) {
      this.dir = dir;
      this.channel = channel;
      this.lock = lock;
      this.holder = holder;
    }

    /** A server now listening on {@code host:port}: its address goes into {@code server.json}. */
    public void serving(String host, int port) {
      synchronized (DataDirServer.class) {
        Found found = new Found(holder, url(host, port), ProcessHandle.current().pid());
        HERE.put(dir, found);
        write(found);
      }
    }

    private void write(Found found) {
      try {
        writeAddress(dir, found, startedAt);
      } catch (IOException | RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "could not write " + dir.resolve(ADDRESS_FILE) + ": " + e.getMessage()
            + "; the data directory stays held, and another process is told only that it is");
      }
    }

    @Override
    public void close() {
      synchronized (DataDirServer.class) {
        if (!channel.isOpen()) return;
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
        HERE.remove(dir);
      }
    }
  }

  /**
   * Claims {@code dataDir} for a holder of this process: the lock is taken and {@code server.json} written, before
   * the holder opens anything that keeps budgets. Empty when the directory cannot be locked at all (a file system
   * without locks, one that is not writable): the process goes on without the hold, and says so in its log.
   *
   * @throws HeldElsewhere when another process holds it (a {@code server.json} without the lock held does not count),
   *     with a message saying who and what to do
   */
  public static synchronized Optional<Hold> claim(Path dataDir, Holder as) {
    Path dir;
    try {
      PrivateFiles.createDirectories(dataDir);
      dir = key(dataDir);
    } catch (IOException | RuntimeException e) {
      return cannotHold(dataDir, e);
    }
    Found here = HERE.get(dir);
    if (here != null) throw refused(dir, as, here);
    FileChannel channel = null;
    try {
      channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      for (int tries = 1; ; tries++) {
        FileLock lock = tryLock(channel);
        if (lock != null) {
          Hold hold = new Hold(dir, channel, lock, as);
          Found self = new Found(as, null, ProcessHandle.current().pid());
          HERE.put(dir, self);
          hold.write(self);
          return Optional.of(hold);
        }
        Found holder = readAddress(dir);
        // a holder that has said who it is refuses at once; the lock held by nobody who says so is most often a
        // process finding out whether anything holds the directory, which lets go within a moment
        if (holder.holder() != null || tries >= LOCK_TRIES) {
          channel.close();
          throw refused(dir, as, holder);
        }
        Thread.sleep(LOCK_WAIT_MILLIS);
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof HeldElsewhere held) throw held;
      closeQuietly(channel);
      return cannotHold(dataDir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(channel);
      throw new IllegalStateException("interrupted while claiming the data directory " + dir, e);
    }
  }

  /**
   * What holds {@code dataDir} now, if anything does. Synchronized with {@link #claim}: this JVM opens the lock file
   * only when none of its holders holds it.
   */
  public static synchronized Optional<Found> find(Path dataDir) {
    Path dir;
    try {
      dir = key(dataDir);
    } catch (IOException e) {
      return Optional.empty(); // no such directory: nothing holds it
    }
    Found here = HERE.get(dir);
    if (here != null) return Optional.of(here);
    Path lockFile = dir.resolve(LOCK_FILE);
    if (!Files.exists(lockFile)) return Optional.empty();
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock free = tryLock(channel);
      if (free != null) {
        // nothing holds it: a server.json left by a holder that crashed means nothing, and goes
        Files.deleteIfExists(dir.resolve(ADDRESS_FILE));
        free.release();
        return Optional.empty();
      }
    } catch (IOException e) {
      return Optional.empty(); // not readable as a lock: nothing holds it that this process could reach
    }
    return Optional.of(readAddress(dir));
  }

  /** Why {@code as} cannot have the directory, and what to do: one line. */
  private static HeldElsewhere refused(Path dir, Holder as, Found holder) {
    String other = holder.describe();
    String message;
    if (as == Holder.SERVE && holder.holder() == Holder.SERVE) {
      message = "another server (pid " + holder.pid() + ", " + (holder.url() == null ? "starting" : holder.url())
          + ") serves the data directory " + dir + " (" + ADDRESS_FILE + "): a data directory takes one server, as"
          + " each keeps the tenants' budgets and rate limits in its own process; give this one another data"
          + " directory (--data-dir, or data_dir in its config), or stop that one first";
    } else if (as == Holder.SERVE) {
      message = other + " holds the data directory " + dir + ", with the tenants' budgets and rate limits kept in"
          + " its process while it runs: start the server once it has ended (or stop it; an evaluation run resumes"
          + " with --resume RUN_ID), or give this one another data directory (--data-dir, or data_dir in its config)";
    } else if (holder.holder() == Holder.EVAL_RUN) {
      message = "another evaluation run with its own gateway (pid " + holder.pid() + ") holds the data directory "
          + dir + ": two such runs would keep two budget ledgers, and a tenant's calls through both could pass its"
          + " budget; to run evaluations side by side, start 'apprentice serve' on this data directory and give each"
          + " run --url (a run without --url then goes through it too), or run this one once that one has ended";
    } else {
      message = other + " holds the data directory " + dir + " (" + LOCK_FILE + "): run again in a moment";
    }
    return new HeldElsewhere(message, holder);
  }

  private static Optional<Hold> cannotHold(Path dataDir, Exception e) {
    LOG.log(System.Logger.Level.WARNING, "could not hold the data directory " + dataDir + " (" + LOCK_FILE + "): "
        + (e instanceof IOException io ? FileProblems.why(io) : e.getMessage())
        + "; another server or evaluation run on it would not be kept out");
    return Optional.empty();
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) return;
    try {
      channel.close();
    } catch (IOException ignored) {
      // already failing
    }
  }

  /** The lock, or null when another process holds it (or another channel of this JVM, a check in flight). */
  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  private static void writeAddress(Path dir, Found found, String startedAt) throws IOException {
    ObjectNode address = JSON.createObjectNode().put("holder", found.holder().label());
    if (found.url() != null) address.put("url", found.url());
    address.put("pid", found.pid()).put("started_at", startedAt);
    Path written = dir.resolve(ADDRESS_FILE + ".tmp");
    Files.writeString(written, JSON.writeValueAsString(address) + "\n", StandardCharsets.UTF_8);
    Files.move(written, dir.resolve(ADDRESS_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Who the holder of the lock said it is; unknown while it has not written its record yet (or it is unreadable). */
  private static Found readAddress(Path dir) {
    try {
      JsonNode address = JSON.readTree(Files.readString(dir.resolve(ADDRESS_FILE), StandardCharsets.UTF_8));
      String url = address.path("url").asText(null);
      url = url == null || url.isBlank() ? null : url;
      // a record without a holder was written by a server of an earlier version, which always wrote its url
      Holder holder = address.has("holder") ? Holder.of(address.path("holder").asText()) : url != null ? Holder.SERVE
          : null;
      return new Found(holder, url, address.path("pid").asLong(-1));
    } catch (IOException | RuntimeException e) {
      return new Found(null, null, -1);
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
