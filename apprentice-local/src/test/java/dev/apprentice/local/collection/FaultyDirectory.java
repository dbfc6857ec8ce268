package dev.apprentice.local.collection;

import java.io.IOException;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;

/**
 * A Lucene directory whose writes or syncs fail while a shared {@link Faults} says so, as a full or failing disk does
 * (for the collections' indexes and the response cache's).
 */
public final class FaultyDirectory extends FilterDirectory {

  /** What fails now, for every directory made with it (an index opened again gets a new directory). */
  public static final class Faults {
    enum Kind { NONE, WRITE, SYNC }

    private final AtomicReference<Kind> now = new AtomicReference<>(Kind.NONE);

    public void failWrites() {
      now.set(Kind.WRITE);
    }

    public void failSyncs() {
      now.set(Kind.SYNC);
    }

    public void heal() {
      now.set(Kind.NONE);
    }

    void check(Kind kind, String what) throws IOException {
      if (now.get() == kind) throw new IOException("injected fault: " + what);
    }
  }

  private final Faults faults;

  public FaultyDirectory(Directory in, Faults faults) {
    super(in);
    this.faults = faults;
  }

  @Override
  public IndexOutput createOutput(String name, IOContext context) throws IOException {
    faults.check(Faults.Kind.WRITE, "cannot write " + name);
    return super.createOutput(name, context);
  }

  @Override
  public IndexOutput createTempOutput(String prefix, String suffix, IOContext context) throws IOException {
    faults.check(Faults.Kind.WRITE, "cannot write a temporary file");
    return super.createTempOutput(prefix, suffix, context);
  }

  @Override
  public void sync(Collection<String> names) throws IOException {
    faults.check(Faults.Kind.SYNC, "cannot sync " + names);
    super.sync(names);
  }
}
