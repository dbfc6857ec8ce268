package dev.apprentice.local.collection;

import dev.apprentice.api.Deadline;
import dev.apprentice.api.Embedder;
import dev.apprentice.api.files.PrivateFiles;
import dev.apprentice.local.index.IndexFaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.Lock;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * The vector collections of a data directory, one folder each under {@code root} ({@code <data_dir>/collections}):
 * create, list, describe, add and remove documents, query, delete. Thread-safe; a collection's index stays open from
 * its first use until {@link #close}. Reading (listing, describing, querying) takes no lock, so other processes may
 * read, change and delete a collection this one only reads: each call here sees what they committed before it began
 * (a call may say it began earlier, as a gateway call that read the collection's revision first does: it then looks
 * for their commits once), and a collection deleted (or deleted and made again) there is found so here. The first add
 * or removal takes the index's write lock (Lucene's), kept until {@link #close} or until it is
 * {@link #releaseIdleWriters idle}: other processes are refused every change to it meanwhile, as in use. The embedder
 * is asked for only when something must be embedded (create, add, query), so listing, describing and deleting never
 * load a model. Refusals are {@link CollectionException}s.
 *
 * <p>An index whose writer was closed by a failure (a rolled back add or removal, a tragic error in Lucene) is
 * dropped: the call that met it is refused as {@link CollectionException.Reason#UNAVAILABLE}, and the next call opens
 * it again from its last commit.
 *
 * <p>{@link #readOnly Read-only} collections never take a lock: they are read (described, listed, queried) while another
 * process, a server on the same data directory, holds them for writing; every change is refused.
 */
public final class Collections implements AutoCloseable {

  private static final String INDEX = "index";

  private final Path root;
  private final LazyEmbedder embedder;
  private final Clock clock;
  private final Map<String, VectorCollection> open = new ConcurrentHashMap<>();
  private final IndexDirectories directories;
  private final CollectionFiles files;
  private final boolean readOnly;
  private boolean closed;

  /** Where an index's files live: the index folder on disk, or (in tests) a directory that fails on purpose. */
  @FunctionalInterface
  interface IndexDirectories {
    Directory open(Path dir) throws IOException;
  }

  /** Collections under {@code root} (created on first use), embedding with the supplier's embedder, loaded once. */
  public Collections(Path root, Supplier<Embedder> embedder) {
    this(root, embedder, Clock.systemUTC());
  }

  public Collections(Path root, Supplier<Embedder> embedder, Clock clock) {
    this(root, embedder, clock, FSDirectory::open);
  }

  Collections(Path root, Supplier<Embedder> embedder, Clock clock, IndexDirectories directories) {
    this(root, embedder, clock, directories, CollectionFiles.ON_DISK, false);
  }

  /** Collections whose folders are removed through {@code files} (in tests, files that fail on purpose). */
  Collections(Path root, Supplier<Embedder> embedder, Clock clock, CollectionFiles files) {
    this(root, embedder, clock, FSDirectory::open, files, false);
  }

  private Collections(Path root, Supplier<Embedder> embedder, Clock clock, IndexDirectories directories,
      CollectionFiles files, boolean readOnly) {
    this.root = root;
    this.directories = directories;
    this.files = files;
    this.embedder = new LazyEmbedder(embedder);
    this.clock = clock;
    this.readOnly = readOnly;
    if (!readOnly) files.deleteLeftovers(root, clock.instant());
  }

  /**
   * The collections under {@code root} for reading only: each index is opened at its last commit without its write
   * lock and catches up with later commits as it is read, so they can be queried beside a server that writes them.
   */
  public static Collections readOnly(Path root, Supplier<Embedder> embedder, Clock clock) {
    return new Collections(root, embedder, clock, FSDirectory::open, CollectionFiles.ON_DISK, true);
  }

  /** Creates an empty collection with the default chunking (800 characters, 100 overlap). */
  public CollectionInfo create(String name) {
    return create(name, Chunker.DEFAULT_SIZE, Chunker.defaultOverlap(Chunker.DEFAULT_SIZE));
  }

  /** Creates an empty collection for the current embedding model. */
  public CollectionInfo create(String name, int chunkSize, int chunkOverlap) {
    refuseIfReadOnly("create a collection");
    CollectionSettings.checkName(name);
    checkChunking(chunkSize, chunkOverlap);
    Embedder model = embedder.ready(Deadline.NONE);
    synchronized (this) {
      checkOpen();
      Path dir = root.resolve(name);
      if (Files.exists(dir)) {
        throw new CollectionException(CollectionException.Reason.EXISTS, "name", "a collection named '" + name
            + "' exists already");
      }
      CollectionSettings settings = new CollectionSettings(name, model.model(), model.dimensions(), chunkSize,
          chunkOverlap, clock.instant());
      Path staging = CollectionFiles.staging(root, name);
      try {
        PrivateFiles.createDirectories(staging); // the collections folder too: indexed documents are as private as the database
        settings.write(staging);
        VectorIndex.create(directories.open(staging.resolve(INDEX)));
        moveInPlace(staging, dir, name);
      } catch (IOException e) {
        files.deleteTree(staging);
        throw unavailable("cannot create collection '" + name + "' under " + root + ": " + IndexFaults.words(e), e);
      }
      return describe(name);
    }
  }

  private static void checkChunking(int size, int overlap) {
    if (size < Chunker.MIN_SIZE || size > Chunker.MAX_SIZE) {
      throw CollectionException.invalid("chunk_size", "chunk_size must be " + Chunker.MIN_SIZE + " to "
          + Chunker.MAX_SIZE + " characters; got " + size);
    }
    if (overlap < 0 || overlap > size / 2) {
      throw CollectionException.invalid("chunk_overlap", "chunk_overlap must be 0 to half of chunk_size ("
          + size / 2 + " characters); got " + overlap);
    }
  }

  /** Every collection, by name, with its counts. */
  public List<CollectionInfo> list() {
    List<CollectionInfo> infos = new ArrayList<>();
    for (String name : names()) {
      try {
        infos.add(describe(name));
      } catch (CollectionException e) {
        if (e.reason() != CollectionException.Reason.NOT_FOUND) throw e;
      }
    }
    return infos;
  }

  /**
   * Moves a collection made in {@code staging} to its folder {@code dir}, refusing it as existing when one was made
   * there meanwhile (only that move's {@link FileAlreadyExistsException} says so: making the staging folder meets one
   * when the collections folder is a file).
   */
  private void moveInPlace(Path staging, Path dir, String name) throws IOException {
    try {
      Files.move(staging, dir);
    } catch (FileAlreadyExistsException e) {
      files.deleteTree(staging);
      throw new CollectionException(CollectionException.Reason.EXISTS, "name", "a collection named '" + name
          + "' exists already");
    }
  }

  /** One collection's settings and counts. */
  public CollectionInfo describe(String name) {
    long since = System.nanoTime();
    return use(name, since, c -> c.info(since));
  }

  /**
   * A page of a collection's ids and sources, by id: up to {@code limit} (1 to {@link DocumentPage#MAX_LIMIT}) of those
   * after {@code after} (null: from the first; an id no longer there still pages on from where it was).
   */
  public DocumentPage documents(String name, String after, int limit) {
    if (limit < 1 || limit > DocumentPage.MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + DocumentPage.MAX_LIMIT);
    }
    long since = System.nanoTime();
    return use(name, since, c -> c.documents(since, after, limit));
  }

  /** Chunks, embeds and indexes documents; a document id already there has its chunks replaced. */
  public AddResult add(String name, List<NewDocument> documents) {
    refuseIfReadOnly("add documents");
    return write(name, c -> c.add(documents, embedder.ready(Deadline.NONE), clock.instant()));
  }

  /** Removes a document and all its chunks. */
  public void removeDocument(String name, String documentId) {
    refuseIfReadOnly("remove a document");
    NewDocument.checkId(documentId, "id");
    if (!write(name, c -> c.remove(documentId))) {
      throw new CollectionException(CollectionException.Reason.NOT_FOUND, "id", "no document '" + documentId
          + "' in collection '" + name + "'");
    }
  }

  /** The {@code k} chunks nearest in meaning to the text, best first. */
  public List<CollectionHit> query(String name, String text, int k) {
    return query(name, text, k, Deadline.NONE);
  }

  /**
   * As {@link #query(String, String, int)}, the text's embedding waited for within {@code deadline}
   * ({@link Embedder#embed(List, Deadline)}), as is the embedding model itself while it is still loading
   * ({@link Embedder#ready}): past it, {@link dev.apprentice.api.DeadlineExceededException}.
   */
  public List<CollectionHit> query(String name, String text, int k, Deadline deadline) {
    return query(name, text, k, deadline, System.nanoTime());
  }

  /**
   * As {@link #query(String, String, int, Deadline)} for a call that began at {@code since} (a {@link System#nanoTime}
   * value, at or before this query): it sees every add and removal made before then, here or by another process, and
   * does not look for newer commits again when this call (or another) looked after then, reading the collection's
   * revision or describing it first (looking costs about 100 µs).
   */
  public List<CollectionHit> query(String name, String text, int k, Deadline deadline, long since) {
    return use(name, since, c -> c.query(text, k, embedder.ready(deadline), deadline, since));
  }

  /**
   * {@code text} embedded for collection {@code name} within {@code deadline}, as {@link #query(String, String, int,
   * Deadline, long)} embeds it, to be searched with {@link #query(String, VectorCollection.EmbeddedQuery, int, long)}
   * as often as needed.
   */
  VectorCollection.EmbeddedQuery embed(String name, String text, Deadline deadline, long since) {
    return use(name, since, c -> c.embed(text, embedder.ready(deadline), deadline));
  }

  /** The {@code k} chunks of collection {@code name} nearest to a query it embedded before ({@link #embed}). */
  List<CollectionHit> query(String name, VectorCollection.EmbeddedQuery query, int k, long since) {
    return use(name, since, c -> c.query(query, k, since));
  }

  /** A name for the collection's current contents, changed by every add or removal (see VectorCollection). */
  public String revision(String name) {
    long since = System.nanoTime();
    return use(name, since, c -> c.revision(since));
  }

  /**
   * Deletes a collection with its index and settings. The collection is not opened for this, so one whose settings
   * or index cannot be read any more can still be deleted; one another process holds is refused as in use. The
   * folder is first moved aside, so the collection is gone at once, whole; files that cannot be removed from there
   * are left for the next {@code Collections} on this folder to remove, and the call is refused saying where they are.
   * When it cannot be moved (or another process holds it), the collection is left as it was, opened again by the next
   * call, and the calls it was closed under are told to retry, not that it was deleted.
   */
  public synchronized void delete(String name) {
    refuseIfReadOnly("delete a collection");
    CollectionSettings.checkName(name);
    checkOpen();
    Path dir = root.resolve(name);
    if (!Files.isRegularFile(dir.resolve(CollectionSettings.FILE))) throw CollectionException.unknown(name);
    VectorCollection collection = open.remove(name);
    Path doomed;
    try {
      if (collection != null) collection.close(); // its writer may hold the lock; said deleted once it is moved aside
      try (Directory index = directories.open(dir.resolve(INDEX));
          Lock lock = index.obtainLock(IndexWriter.WRITE_LOCK_NAME)) {
        doomed = files.moveAside(dir);
      }
      if (collection != null) collection.markDeleted();
    } catch (LockObtainFailedException e) {
      throw inUse(name, e);
    } catch (IOException e) {
      throw unavailable("cannot delete collection '" + name + "': " + IndexFaults.words(e), e);
    }
    files.deleteTree(doomed).ifPresent(left -> {
      throw unavailable("collection '" + name + "' is deleted, but not all of its files could be removed from "
          + doomed + " (" + left + "): remove that folder by hand, or leave it to the next server start or"
          + " collections command on this data directory", null);
    });
  }

  /** The embedder collections use, loaded now if it was not yet. */
  public Embedder embedder() {
    return embedder.ready(Deadline.NONE);
  }

  /** The folder holding the collections. */
  public Path root() {
    return root;
  }

  /**
   * Whether a collection named {@code name} is in {@code root}, the folder holding collections, as {@link #list} finds
   * them: from its settings file alone, no index opened, no lock taken (so another process may hold it).
   */
  public static boolean exists(Path root, String name) {
    return Files.isRegularFile(root.resolve(name).resolve(CollectionSettings.FILE));
  }

  /** An operation on an open collection that may do I/O. */
  @FunctionalInterface
  private interface Work<T> {
    T on(VectorCollection collection) throws IOException;
  }

  /**
   * As {@link #use}, holding the collection's write lock first (before anything is embedded): refused as in use while
   * another process holds it, and as unknown when another process deleted the collection.
   */
  private <T> T write(String name, Work<T> work) {
    return use(name, System.nanoTime(), collection -> {
      collection.startWrite();
      try {
        holdForWriting(name, collection);
        return work.on(collection);
      } finally {
        collection.endWrite(clock.instant());
      }
    });
  }

  /**
   * Gives back the write lock of every collection whose last add or removal ended at least {@code idle} ago (none is
   * under way), so that other processes may change it again; the next write here takes it again. How many it gave
   * back. Closes too every collection another process deleted since (its deleted files stay on disk while they are
   * open), which nothing here may ask for again.
   */
  public int releaseIdleWriters(Duration idle) {
    Instant cutoff = clock.instant().minus(idle);
    int released = 0;
    for (Map.Entry<String, VectorCollection> entry : open.entrySet()) {
      try {
        VectorCollection collection = entry.getValue();
        if (!collection.writing() && collection.replacedIn(root.resolve(entry.getKey()))) {
          drop(entry.getKey(), collection);
        } else if (collection.releaseWriterIfIdleSince(cutoff)) {
          released++;
        }
      } catch (IOException | RuntimeException e) {
        System.getLogger(Collections.class.getName()).log(System.Logger.Level.WARNING, "releasing the write lock of"
            + " collection '" + entry.getKey() + "'", e);
        drop(entry.getKey(), entry.getValue());
      }
    }
    return released;
  }

  private void holdForWriting(String name, VectorCollection collection) throws IOException {
    if (collection.writing()) return;
    Path dir = root.resolve(name);
    try {
      collection.holdForWriting();
    } catch (LockObtainFailedException e) {
      throw inUse(name, e);
    } catch (IOException e) {
      if (!collection.replacedIn(dir)) throw e;
      drop(name, collection); // deleted by another process before the lock: taking it made an empty folder there
      if (discardRemade(dir)) throw CollectionException.unknown(name);
      throw deletedMeanwhile(name);
    }
    if (collection.replacedIn(dir)) { // deleted and made again by another process before the lock
      drop(name, collection);
      throw deletedMeanwhile(name);
    }
  }

  /** Runs {@code work} on the collection for a call that began at {@code since} (a {@link System#nanoTime} value). */
  private <T> T use(String name, long since, Work<T> work) {
    VectorCollection collection = open(name, since);
    try {
      return work.on(collection);
    } catch (AlreadyClosedException e) {
      drop(name, collection);
      // closed under the call: deleted meanwhile, here or by another process (and maybe made again since), or broken
      // by a failure of another call
      if (deletedUnder(name, collection)) throw deletedMeanwhile(name);
      throw unavailable("collection '" + name + "' was closed by a failure and is being opened again: retry", e);
    } catch (IOException e) {
      if (collection.broken()) drop(name, collection);
      if (!collection.writing() && collection.replacedIn(root.resolve(name))) { // deleted by another process meanwhile
        drop(name, collection);
        throw deletedMeanwhile(name);
      }
      throw IndexTrouble.of(name, root.resolve(name).resolve(INDEX), e);
    } catch (RuntimeException | Error e) {
      if (collection.broken()) drop(name, collection);
      throw e;
    }
  }

  /**
   * Whether a collection closed under a call was deleted, here or by another process (and maybe made again since);
   * a delete under way here is waited for, since it closes the collection before it knows whether it can move it aside.
   */
  private synchronized boolean deletedUnder(String name, VectorCollection collection) {
    return collection.deleted() || collection.replacedIn(root.resolve(name));
  }

  /** Forgets a broken (or closed) collection, so that the next call opens its index again. */
  private void drop(String name, VectorCollection collection) {
    if (!open.remove(name, collection)) return;
    try {
      collection.close();
    } catch (IOException | RuntimeException e) {
      System.getLogger(Collections.class.getName()).log(System.Logger.Level.WARNING, "closing a broken collection", e);
    }
  }

  /**
   * The open collection, opened now if it was not; one this process only reads is opened again when another process
   * deleted it (and maybe made it again) before the call began at {@code since}.
   */
  private VectorCollection open(String name, long since) {
    VectorCollection collection = open.get(name);
    if (collection != null && !collection.writing() && collection.replacedIn(root.resolve(name), since)) {
      drop(name, collection);
      collection = null;
    }
    return collection != null ? collection : openNow(name);
  }

  private synchronized VectorCollection openNow(String name) {
    CollectionSettings.checkName(name);
    checkOpen();
    VectorCollection collection = open.get(name);
    if (collection != null) return collection;
    Path dir = root.resolve(name);
    long readFrom = System.nanoTime();
    String settingsFile = CollectionSettings.fileContents(dir);
    if (settingsFile == null) throw CollectionException.unknown(name);
    CollectionSettings settings = CollectionSettings.read(dir, settingsFile);
    VectorIndex index;
    try {
      index = VectorIndex.open(name, directories.open(dir.resolve(INDEX)));
    } catch (IOException e) {
      if (discardRemade(dir)) throw CollectionException.unknown(name);
      throw IndexTrouble.of(name, dir.resolve(INDEX), e);
    }
    if (!settingsFile.equals(CollectionSettings.fileContents(dir))) { // deleted (and maybe made again) meanwhile
      closeQuietly(index);
      if (discardRemade(dir)) throw CollectionException.unknown(name);
      return openNow(name);
    }
    collection = new VectorCollection(settings, index, settingsFile, readFrom);
    open.put(name, collection);
    return collection;
  }

  /**
   * Removes the empty folder that opening an index made where a collection was, and says whether the collection is
   * gone: another process deleted it between the check that it is there and the opening (opening its directory, or
   * taking Lucene's lock, makes its folder), and the folder left would stop a collection of that name being made
   * again, and being deleted.
   */
  private boolean discardRemade(Path dir) {
    if (Files.isRegularFile(dir.resolve(CollectionSettings.FILE))) return false; // made again properly meanwhile
    Path doomed;
    try {
      doomed = files.moveAside(dir);
    } catch (IOException e) {
      return true; // gone already (another process saw the same), or the next open says what is wrong
    }
    files.deleteTree(doomed);
    return true;
  }

  private static void closeQuietly(VectorIndex index) {
    try {
      index.close();
    } catch (IOException | RuntimeException e) {
      System.getLogger(Collections.class.getName()).log(System.Logger.Level.WARNING, "closing a collection", e);
    }
  }

  private List<String> names() {
    if (!Files.isDirectory(root)) return List.of();
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        if (!name.startsWith(".") && exists(root, name)) names.add(name);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    names.sort(null);
    return names;
  }

  private void refuseIfReadOnly(String what) {
    if (readOnly) {
      throw new CollectionException(CollectionException.Reason.UNAVAILABLE, null, "cannot " + what + " here: the"
          + " collections are open read-only (beside a server on this data directory: work through its admin API,"
          + " --url)");
    }
  }

  private void checkOpen() {
    if (closed) throw new IllegalStateException("the collections are closed");
  }

  private static CollectionException inUse(String name, Exception cause) {
    return unavailable("collection '" + name + "' is in use by another process (a server on this data directory?),"
        + " which holds it for writing: work through that server's admin API (--url), or stop it", cause);
  }

  private static CollectionException deletedMeanwhile(String name) {
    return new CollectionException(CollectionException.Reason.NOT_FOUND, null, "collection '" + name
        + "' was deleted while this call used it");
  }

  private static CollectionException unavailable(String message, Exception cause) {
    return new CollectionException(CollectionException.Reason.UNAVAILABLE, null, message, cause);
  }

  /** Closes every open index; later calls fail. */
  @Override
  public synchronized void close() {
    closed = true;
    for (VectorCollection collection : open.values()) {
      try {
        collection.close();
      } catch (IOException e) {
        System.getLogger(Collections.class.getName()).log(System.Logger.Level.WARNING, "closing a collection", e);
      }
    }
    open.clear();
  }
}
