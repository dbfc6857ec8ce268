package dev.apprentice.eval.run;

/** Lets someone else stop a run: no new item starts after {@link #stop}; items in flight finish and are stored. */
public final class RunControl {

  private volatile boolean stopped;

  public void stop() {
    stopped = true;
  }

  public boolean stopped() {
    return stopped;
  }
}
