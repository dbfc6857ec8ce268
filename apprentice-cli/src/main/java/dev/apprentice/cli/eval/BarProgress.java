package dev.apprentice.cli.eval;

import dev.apprentice.eval.run.CostEstimate;
import dev.apprentice.eval.run.ItemResult;
import dev.apprentice.eval.run.Progress;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a run's progress on standard error: a progress bar on a terminal, otherwise (CI logs, pipes) a line at every
 * tenth of the run, or nothing per item ({@code --no-progress}); standard output keeps what a script reads. The start
 * (after the run's banner) and the cost estimate are always printed there. The banner waits for the start, so that a
 * run refused before it starts (a resume with nothing to run, of another suite, of a run still running) prints
 * nothing but its refusal.
 */
final class BarProgress implements Progress, AutoCloseable {

  private final PrintWriter out;
  private final PrintWriter err;
  private final String banner;
  /** How items are shown. */
  enum Mode { BAR, LINES, NONE }

  private final Mode mode;
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private volatile ProgressBar bar;
  private volatile int total;

  /**
   * @param out    where the banner, the start and the cost estimate go
   * @param err    where the per-item progress lines go (the bar goes to the process's standard error)
   * @param banner the line that says what is evaluated through what, printed when the run starts
   */
  BarProgress(PrintWriter out, PrintWriter err, Mode mode, String banner) {
    this.out = out;
    this.err = err;
    this.mode = mode;
    this.banner = banner;
  }

  @Override
  public void started(String runId, int total, int alreadyDone) {
    this.total = total;
    done.set(alreadyDone);
    out.println(banner);
    out.println("run " + runId + ": " + total + " item calls" + (alreadyDone > 0 ? ", " + alreadyDone + " already stored" : ""));
    out.flush();
    if (mode == Mode.BAR) {
      bar = new ProgressBarBuilder().setTaskName("eval").setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
          .setUpdateIntervalMillis(250).build();
      bar.stepTo(alreadyDone);
    }
  }

  @Override
  public void estimated(CostEstimate e) {
    String line = String.format(Locale.ROOT, "cost estimate: $%.4f for the whole run ($%.4f spent, %d item calls to go)%s",
        e.totalUsd(), e.spentUsd(), e.pendingItems(), e.budgetUsd() == null ? ""
            : String.format(Locale.ROOT, ", budget $%.4f", e.budgetUsd()));
    if (bar != null) bar.setExtraMessage(String.format(Locale.ROOT, " est $%.2f", e.totalUsd()));
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  @Override
  public void itemDone(ItemResult result) {
    int now = done.incrementAndGet();
    if (!result.succeeded()) failed.incrementAndGet();
    ProgressBar b = bar;
    if (b != null) {
      b.step();
      return;
    }
    if (mode == Mode.NONE) return;
    int tenth = Math.max(1, total / 10);
    if (now % tenth == 0 || now == total) {
      synchronized (err) {
        err.printf(Locale.ROOT, "%d/%d item calls done (%d failed)%n", now, total, failed.get());
        err.flush();
      }
    }
  }

  @Override
  public void close() {
    if (bar != null) bar.close();
  }
}
