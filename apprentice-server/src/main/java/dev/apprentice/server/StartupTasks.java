package dev.apprentice.server;

import dev.apprentice.api.Loading;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Work a server starts in the background so that it opens its port at once — loading the local embedding model,
 * training or loading the injection detectors — but that guarded or embedding calls would otherwise wait for. Until
 * every task has finished, {@code /ready} answers 503 naming the first one still running, so that a load balancer
 * sends no traffic to an instance whose first calls would stall for seconds (a call that comes anyway waits for the
 * load no longer than its deadline: {@link Loading}); a task that failed keeps the server not
 * ready, with its error, because the calls that need it fail too, at once (the load is not tried again). Thread-safe.
 */
public final class StartupTasks {

  private static final System.Logger LOG = System.getLogger(StartupTasks.class.getName());

  private final List<Task> tasks = new CopyOnWriteArrayList<>();

  /** Runs {@code work} on a virtual thread; {@code what} names it in the readiness answer and the log. */
  public void start(String what, Runnable work) {
    Task task = new Task(what);
    tasks.add(task);
    Thread.ofVirtual().name("apprentice-startup-" + tasks.size()).start(() -> task.run(work));
  }

  /** Why the server is not ready yet: the first task still running or failed; empty once all have finished. */
  public Optional<String> notReady() {
    for (Task task : tasks) {
      String failure = task.failure;
      if (failure != null) return Optional.of(task.what + " could not be loaded: " + failure);
      if (!task.done) return Optional.of("still loading " + task.what);
    }
    return Optional.empty();
  }

  private static final class Task {
    private final String what;
    private volatile boolean done;
    private volatile String failure;

    Task(String what) {
      this.what = what;
    }

    void run(Runnable work) {
      try {
        work.run();
      } catch (RuntimeException | Error e) {
        failure = Loading.why(e);
        LOG.log(System.Logger.Level.WARNING, what + " could not be loaded: " + failure);
      } finally {
        done = true;
      }
    }
  }
}
