package dev.apprentice.cli.guard;

import dev.apprentice.guard.injection.TrainingProgress;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows {@code guard train}'s progress on standard error: a progress bar per stage on a terminal, otherwise (CI
 * logs, pipes) a line when a stage starts and at most one a second while it runs, and the stage's end.
 */
final class TrainProgress implements TrainingProgress, AutoCloseable {

  private static final long NANOS_PER_LINE = 1_000_000_000L;

  private final PrintWriter err;
  private final boolean bar;
  private Stage stage;
  private ProgressBar current;
  private long lastLine;

  TrainProgress(PrintWriter err, boolean bar) {
    this.err = err;
    this.bar = bar;
  }

  @Override
  public void reached(Stage reached, int done, int total) {
    if (reached != stage) start(reached, total);
    if (current != null) {
      current.stepTo(done);
      return;
    }
    long now = System.nanoTime();
    if (done == total || now - lastLine >= NANOS_PER_LINE) {
      lastLine = now;
      err.printf(Locale.ROOT, "  %s %d/%d%n", name(reached), done, total);
      err.flush();
    }
  }

  private void start(Stage next, int total) {
    close();
    stage = next;
    lastLine = System.nanoTime();
    if (bar) {
      current = new ProgressBarBuilder().setTaskName(name(next)).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
          .setUpdateIntervalMillis(250).build();
    }
  }

  private static String name(Stage stage) {
    return switch (stage) {
      case EMBEDDING -> "embedding texts";
      case CROSS_VALIDATION -> "cross-validation folds";
      case FINAL_FIT -> "final fit";
    };
  }

  @Override
  public void close() {
    if (current != null) current.close();
    current = null;
  }
}
