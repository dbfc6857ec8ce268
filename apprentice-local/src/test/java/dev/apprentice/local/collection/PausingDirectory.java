package dev.apprentice.local.collection;

import java.io.IOException;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FilterDirectory;

/** A Lucene directory whose next sync, once armed, waits until released: a commit caught half-way, on purpose. */
final class PausingDirectory extends FilterDirectory {

  /** Shared by every directory made with it. */
  static final class Gate {
    private final AtomicBoolean armed = new AtomicBoolean();
    private final CountDownLatch paused = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    void arm() {
      armed.set(true);
    }

    void awaitPaused() throws InterruptedException {
      paused.await();
    }

    void release() {
      released.countDown();
    }

    private void pass() throws IOException {
      if (!armed.compareAndSet(true, false)) return;
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
    gate.pass();
    super.sync(names);
  }
}
