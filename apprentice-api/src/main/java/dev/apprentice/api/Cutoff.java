package dev.apprentice.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Where one attempt's answer can be cut off from another thread: the provider hands over how to cut what it reads as
 * soon as it has it ({@link #guard}: an HTTP answer's body once its status came), and whoever bounds the attempt's time
 * (the gateway's watchdog, at a stream's first-token limit or a whole answer's try limit) calls {@link #cut}, so that a
 * read that stalls or trickles ends there, not at the socket's read timeout. One per attempt; thread-safe. Cutting
 * twice, or guarding after the cut (which then cuts at once), is harmless.
 */
public final class Cutoff {

  private final List<Runnable> cuts = new ArrayList<>(2);
  private boolean cut;

  /** {@code how} cuts what the attempt reads now; run at once when the attempt was already cut. */
  public void guard(Runnable how) {
    synchronized (this) {
      if (!cut) {
        cuts.add(how);
        return;
      }
    }
    how.run();
  }

  /** Cuts everything guarded, and whatever is guarded later. */
  public void cut() {
    List<Runnable> guarded;
    synchronized (this) {
      if (cut) return;
      cut = true;
      guarded = List.copyOf(cuts);
      cuts.clear();
    }
    for (Runnable how : guarded) how.run();
  }

  /** True once {@link #cut} was called. */
  public synchronized boolean isCut() {
    return cut;
  }
}
