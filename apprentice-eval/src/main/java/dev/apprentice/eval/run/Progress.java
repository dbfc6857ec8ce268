package dev.apprentice.eval.run;

/**
 * Hears how a run goes, to draw a progress bar or to stop a run part-way (tests). Called from the runner's threads;
 * implementations must be thread-safe and quick, and should not throw (what they throw is ignored).
 */
public interface Progress {

  Progress NONE = new Progress() {};

  /** The run starts: {@code total} item calls, of which {@code done} are already stored (a resume). */
  default void started(String runId, int total, int done) {}

  /** The cost estimate after the pilot items, before the rest runs. */
  default void estimated(CostEstimate estimate) {}

  /** One item call finished (successfully or not) and its result is stored. */
  default void itemDone(ItemResult result) {}
}
