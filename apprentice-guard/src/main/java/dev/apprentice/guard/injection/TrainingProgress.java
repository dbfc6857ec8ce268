package dev.apprentice.guard.injection;

/** Hears how far a detector's training has got, for a progress bar; called on the training thread. */
@FunctionalInterface
public interface TrainingProgress {

  /** What training does, in order. */
  enum Stage { EMBEDDING, CROSS_VALIDATION, FINAL_FIT }

  /** Ignores every report. */
  TrainingProgress NONE = (stage, done, total) -> {};

  /** {@code done} of {@code total} units of {@code stage} are finished (texts embedded, folds trained, the fit). */
  void reached(Stage stage, int done, int total);
}
