package dev.apprentice.local.collection;

import java.io.IOException;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FilterDirectory;

/**
 * A Lucene directory whose next sync (or, armed for it, next listing) waits until released once armed: a commit, or a
 * reader's look for a newer commit, caught half-way on purpose.
 */
final class PausingDirectory extends FilterDirectory {

  /** Shared by every directory made with it. */
  static final class Gate {
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicBoolean armedListing = new AtomicBoolean();
    private final CountDownLatch paused = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    void arm() {
      armed.set(true);
    }

    void armListing() {
      armedListing.set(true);
    }

    void awaitPaused() throws InterruptedException {
      paused.await();
    }

    void release() {
      released.countDown();
    }

    private void pass(AtomicBoolean which) throws IOException {
      if (!which.compareAndSet(true, false)) return;
      paused.countDown();
      try {
        released.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while paused", e);
      }
    }
  }

  private final Gate gate;

  PausingDirectory(Directory in, Gate gate) {
    super(in);
    this.gate = gate;
  }

  @Override
  public void sync(Collection<String> names) throws IOException {
    gate.pass(gate.armed);
    super.sync(names);
  }

  @Override
  public String[] listAll() throws IOException {
    gate.pass(gate.armedListing);
    return super.listAll();
  }
}
