package dev.apprentice.local.embedding;

import dev.apprentice.api.Deadline;
import dev.apprentice.api.Loading;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Closes a set of models against one deadline: every model refuses new runs at once, then the loads still running
 * (each frees what it loads itself once it sees its owner closed) and the runs in flight are waited for together, up
 * to one patience for all of them, and each model whose runs have ended is freed. While the process ends, nothing is
 * waited for (see {@link NativeRuns#close}).
 */
final class ClosingModels {

  /** A model as closing sees it: refusing new runs at once, and closing within a patience (false: left unfreed). */
  record Model(Runnable refuse, Function<Duration, Boolean> close) {}

  private final BooleanSupplier processEnding;

  ClosingModels(BooleanSupplier processEnding) {
    this.processEnding = processEnding;
  }

  /** Closes {@code models} and waits for {@code loads}, all within {@code patience}. */
  void close(List<? extends Loading<?>> loads, List<Model> models, Duration patience) {
    for (Model model : models) model.refuse().run();
    if (processEnding.getAsBoolean()) return; // refused, nothing freed: the process's end frees it all
    Deadline deadline = Deadline.in(patience);
    for (Loading<?> load : loads) {
      if (!load.settle(deadline.remaining())) warn(load.what() + " was still loading " + patience.toSeconds()
          + "s after closing began");
    }
    for (Model model : models) model.close().apply(deadline.remaining());
  }

  private static void warn(String message) {
    System.getLogger(ClosingModels.class.getName()).log(System.Logger.Level.WARNING, message);
  }
}
