package dev.apprentice.eval.run;

import dev.apprentice.api.Sleeper;
import dev.apprentice.eval.client.ChatClient;
import dev.apprentice.eval.dataset.EvalItem;
import dev.apprentice.eval.dataset.ItemsDigest;
import dev.apprentice.eval.dataset.ResolvedDataset;
import dev.apprentice.eval.metric.Metric;
import dev.apprentice.eval.metric.MetricRegistry;
import dev.apprentice.eval.suite.Suite;
import dev.apprentice.eval.suite.SuiteIdentity;
import dev.apprentice.eval.suite.VariantSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs a suite: every variant over every item through the {@link ChatClient}, concurrently, storing each result as
 * it arrives. A pilot of the first {@code pilot_items} items per variant gives the cost estimate; a run whose
 * estimate is above {@code budget_usd} is refused there, and a run whose spend reaches the cap stops. A resumed run
 * (a completed one too, while some of its items failed) skips the items that already have a successful result (failed
 * ones are tried again, their new result replacing the failure); it must be given the items
 * the run started with, as results are paired with items by index only. A run whose pilot items all failed stops there,
 * {@link RunStatus#FAILED}: its setup is wrong (a resume runs the pilot again); so does one where every call of an
 * LLM judge on the pilot items failed (those items are stored as failed, so that a resume scores them again). A run
 * that ran every item but where some variant has no successful item, or some LLM judge no answer (without a pilot,
 * {@code pilot_items: 0}, nothing stopped it earlier) ends {@link RunStatus#FAILED} too ({@link Unanswered}), its items
 * stored, so that a resume tries them again; a run stopped earlier (interrupted, at its budget cap) keeps that status.
 * A variant whose calls the gateway all refused for a budget (its pilot's, or at the end all of them) is not a wrong
 * setup: it ends the run {@link RunStatus#BUDGET_EXHAUSTED}, to be resumed once the key's or tenant's budget allows.
 * A variant whose calls a rate limit kept refusing ({@link RateLimitStreaks#limit} in a row, the pilot's or any
 * later) stops the run there, as the budget cap does, and ends it {@link RunStatus#FAILED} saying so: the suite asks
 * more at once than the key's limits allow; a resume runs the rest, the refused items again. While
 * a run runs its heartbeat is stored every few seconds, and a resume of a run whose heartbeat is fresh is refused: it
 * would make the same calls twice.
 */
public final class EvalRunner {

  /** How a run's message says that a rate limit refused a variant's calls, after {@link ItemExecutor}'s waits. */
  private static final String FOR_A_RATE_LIMIT = " for a rate limit, after waiting as it asked";

  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /** How often a running run's heartbeat is stored. */
  static final Duration HEARTBEAT = Duration.ofSeconds(10);
  /**
   * How old a running run's heartbeat must be before a resume takes the run over: several missed beats, so that a
   * busy store or a paused process is not taken for a dead one.
   */
  public static final Duration STALE_AFTER = Duration.ofSeconds(60);

  private final ChatClient client;
  private final RunStore store;
  private final MetricRegistry registry;
  private final Clock clock;
  private final Duration heartbeat;
  private final Sleeper sleeper;

  public EvalRunner(ChatClient client, RunStore store, MetricRegistry registry, Clock clock) {
    this(client, store, registry, clock, HEARTBEAT, Sleeper.REAL);
  }

  EvalRunner(ChatClient client, RunStore store, MetricRegistry registry, Clock clock, Duration heartbeat) {
    this(client, store, registry, clock, heartbeat, Sleeper.REAL);
  }

  /** @param sleeper waits what a rate limit's refusal asks for before its item's call is made again */
  EvalRunner(ChatClient client, RunStore store, MetricRegistry registry, Clock clock, Duration heartbeat,
      Sleeper sleeper) {
    this.client = client;
    this.store = store;
    this.registry = registry;
    this.clock = clock;
    this.heartbeat = heartbeat;
    this.sleeper = sleeper;
  }

  /**
   * Runs (or, with {@code resumeRunId}, resumes) the suite over the items.
   *
   * @param suiteText the suite file's text, stored with the run; a resume refuses a changed suite (its budget may
   *     change: {@link SuiteIdentity})
   * @throws IllegalArgumentException for a bad metric, a prompt placeholder the items lack, or a resume that does
   *     not match its run
   */
  public RunOutcome run(Suite suite, String suiteText, List<EvalItem> items, String resumeRunId, Progress progress,
      RunControl control) {
    return run(suite, suiteText, ResolvedDataset.of(items), resumeRunId, false, progress, control);
  }

  /**
   * As {@link #run(Suite, String, List, String, Progress, RunControl)}, keeping the stored dataset's version with the
   * run. A resume refuses items that differ from those the run started with ({@link ItemsDigest}), and a run that
   * another process is still running (its heartbeat is younger than {@link #STALE_AFTER}) unless {@code force}.
   *
   * @param force resume even though the run's heartbeat is fresh (its process is known to be gone)
   */
  public RunOutcome run(Suite suite, String suiteText, ResolvedDataset dataset, String resumeRunId, boolean force,
      Progress progress, RunControl control) {
    List<EvalItem> items = dataset.items();
    Map<String, Metric> metrics = RunMetrics.of(suite, registry);
    checkPrompts(suite, items);
    RunRecord run = resumeRunId == null ? newRun(suite, suiteText, dataset.reference(), dataset.digest())
        : new Resume(store, clock, heartbeat).claim(resumeRunId, suite, suiteText, dataset, force);
    List<ItemResult> stored = store.items(run.id());
    List<Task> pending = pending(suite, items, stored);
    List<Task> all = pending(suite, items, List.of());
    int total = items.size() * suite.variants().size();
    int skipped = total - pending.size();
    progress.started(run.id(), total, skipped);
    Spend spend = spend(suite, items, stored);
    Heartbeat beating = new Heartbeat(store, run.id(), clock, heartbeat, run.heartbeatAt(), control);
    TaskPool pool = new TaskPool(new ItemExecutor(client, metrics, run.id(), sleeper, control), store, spend, progress, control,
        suite.concurrency(), beating::holds);
    // not try-with-resources: that would close the heartbeat (interrupting a beat in flight) before the catch stops it
    try {
      return execute(suite, metrics, run, all, pending, stored, pool, spend, progress, skipped, beating);
    } catch (RuntimeException e) {
      try {
        Instant held = beating.stop();
        if (!beating.lost()) store.end(run.id(), held, RunStatus.FAILED, clock.instant());
      } catch (RuntimeException alsoFailed) {
        e.addSuppressed(alsoFailed);
      }
      throw e;
    } finally {
      beating.close();
    }
  }

  /**
   * Fails before any call when a variant's parameters are bad (checked on the first item) or any item lacks a value
   * for one of its prompt placeholders.
   */
  private static void checkPrompts(Suite suite, List<EvalItem> items) {
    if (items.isEmpty()) return;
    for (VariantSpec v : suite.variants()) {
      PromptRenderer.request(v, items.getFirst());
      for (EvalItem item : items) PromptRenderer.check(v, item);
    }
  }

  /** The spend so far (a resume's stored items) against the suite's cap, knowing what the stored items cost. */
  private static Spend spend(Suite suite, List<EvalItem> items, List<ItemResult> stored) {
    Spend spend = new Spend(suite.budgetUsd());
    Map<Integer, EvalItem> byIndex = new HashMap<>();
    for (EvalItem item : items) byIndex.put(item.index(), item);
    for (ItemResult r : stored) {
      EvalItem item = byIndex.get(r.itemIndex());
      VariantSpec variant = suite.variants().stream().filter(v -> v.name().equals(r.variant())).findFirst()
          .orElse(null);
      spend.counted(r, item == null || variant == null ? null : ItemShape.of(variant, item));
    }
    return spend;
  }

  /** @param all every item call of the run, {@code pending} those this invocation is to make */
  private RunOutcome execute(Suite suite, Map<String, Metric> metrics, RunRecord run, List<Task> all,
      List<Task> pending, List<ItemResult> stored, TaskPool pool, Spend spend, Progress progress, int skipped,
      Heartbeat beating) {
    List<Task> pilot = Pilot.tasks(suite, pending, stored);
    TaskPool.Stop stop = pool.run(pilot);
    List<Task> rest = new ArrayList<>(pending);
    rest.removeAll(pilot);
    CostEstimate estimate = null;
    if (suite.pilotItems() > 0 && stop == TaskPool.Stop.NONE) {
      List<ItemResult> now = store.items(run.id());
      RunOutcome unanswered = unanswered(metrics, pilot, "pilot ", now,
          (status, message, failure) -> finish(beating, run, status, null, pool, skipped, spend, message, failure));
      if (unanswered != null) return unanswered;
      estimate = Pilot.estimate(suite, now, rest);
      progress.estimated(estimate);
      if (estimate.overBudget()) {
        String message = String.format(java.util.Locale.ROOT,
            "refused: the estimated cost $%.4f is above the budget of $%.4f (pilot of %d items per variant)",
            estimate.totalUsd(), suite.budgetUsd(), suite.pilotItems());
        return finish(beating, run, RunStatus.REFUSED, estimate, pool, skipped, spend, message, Failure.NONE);
      }
      stop = pool.run(rest);
    } else if (stop == TaskPool.Stop.NONE) {
      stop = pool.run(rest);
    }
    if (stop == TaskPool.Stop.NONE) {
      // every item is stored by now, so a resume tries the failed ones again
      CostEstimate estimated = estimate;
      RunOutcome unanswered = unanswered(metrics, all, "", store.items(run.id()),
          (status, message, failure) -> finish(beating, run, status, estimated, pool, skipped, spend, message,
              failure));
      if (unanswered != null) return unanswered;
    }
    return switch (stop) {
      case STOPPED -> finish(beating, run, RunStatus.INTERRUPTED, estimate, pool, skipped, spend,
          "interrupted: resume with --resume " + run.id(), Failure.NONE);
      case BUDGET -> finish(beating, run, RunStatus.BUDGET_EXHAUSTED, estimate, pool, skipped, spend,
          String.format(java.util.Locale.ROOT, "stopped at the budget cap of $%.4f", suite.budgetUsd()), Failure.NONE);
      case RATE_LIMITED -> {
        RateLimitStreaks.Streak refused = pool.rateLimited();
        yield finish(beating, run, RunStatus.FAILED, estimate, pool, skipped, spend, "failed: the gateway refused the"
            + " last " + refused.length() + " item calls of variant '" + refused.first().variant() + "' in a row"
            + FOR_A_RATE_LIMIT, new Failure(refused.first(), null, 0));
      }
      case NONE -> finish(beating, run, RunStatus.COMPLETED, estimate, pool, skipped, spend, "completed", Failure.NONE);
    };
  }

  /** Ends a run: {@link #finish} with all but these. */
  @FunctionalInterface
  private interface Ending {
    RunOutcome end(RunStatus status, String message, Failure failure);
  }

  /**
   * How a run ends when a variant answered none of {@code calls} (each one stored: the pilot's, or at the end of a run
   * all of them), or an LLM judge none of their items; null when each answered some. A variant with a failure other
   * than a refusal by limits ends it {@link RunStatus#FAILED} (the setup is wrong), then a judge does (those items are
   * stored as failed, so that a resume scores them again), then a variant whose every call the gateway refused for a
   * budget (or a rate limit, and one at least for a budget) ends it {@link RunStatus#BUDGET_EXHAUSTED}: the setup is
   * right, but the key's or tenant's budget is spent, and the run cannot measure that variant until it is not. Last, a
   * variant whose every call a rate limit refused, even after the waits it asked for, ends it {@link RunStatus#FAILED}
   * saying so: the run asks more of the key than its limits allow (its concurrency above the key's
   * {@code max_concurrent}, say), which no retry of the same setup mends. (A variant that a rate limit refused
   * {@link RateLimitStreaks#limit} times in a row ends the run so before this, {@link TaskPool.Stop#RATE_LIMITED}.)
   *
   * @param which {@code "pilot "} for the pilot's calls, else {@code ""}
   */
  private RunOutcome unanswered(Map<String, Metric> metrics, List<Task> calls, String which, List<ItemResult> stored,
      Ending ending) {
    ItemResult failed = Unanswered.firstFailure(calls, stored);
    if (failed != null) {
      return ending.end(RunStatus.FAILED, "failed: all " + count(calls, failed) + " " + which
          + "item calls of variant '" + failed.variant() + "' failed", new Failure(failed, null, 0));
    }
    Pilot.JudgeFailure judge = Pilot.judgeFailed(metrics, calls, stored);
    if (judge != null) {
      // the items keep their answers and costs, but count as failed: a resume scores them again
      judge.items().forEach(store::saveItem);
      return ending.end(RunStatus.FAILED, "failed: every judge call of metric '" + judge.metric() + "' failed on the "
          + judge.items().size() + " " + which + "items it scored",
          new Failure(judge.items().getFirst(), judge.metric(), judge.items().size()));
    }
    ItemResult refused = Unanswered.firstBudgetRefusal(calls, stored);
    if (refused != null) {
      return ending.end(RunStatus.BUDGET_EXHAUSTED, "stopped: the gateway refused all " + count(calls, refused) + " "
          + which + "item calls of variant '" + refused.variant() + "' for a budget", new Failure(refused, null, 0));
    }
    ItemResult limited = Unanswered.firstRateLimitRefusal(calls, stored);
    if (limited != null) {
      return ending.end(RunStatus.FAILED, "failed: the gateway refused all " + count(calls, limited) + " " + which
          + "item calls of variant '" + limited.variant() + "'" + FOR_A_RATE_LIMIT,
          new Failure(limited, null, 0));
    }
    return null;
  }

  /** How many of {@code calls} are of the result's variant. */
  private static long count(List<Task> calls, ItemResult result) {
    return calls.stream().filter(t -> t.variant().name().equals(result.variant())).count();
  }

  /**
   * Why a run failed, or ran out of a gateway budget (after its pilot, or at its end because a variant or a judge
   * answered no item), for its outcome.
   *
   * @param first       the first failed item (of the pilot, or of the variant or judge that answered none), shown with
   *                    the hint to fix the setup or what to wait for
   * @param failedJudge the LLM judge metric whose every call failed, or null when the calls themselves failed
   * @param unscored    items whose call succeeded but that were stored as failed after it (their judge never answered)
   */
  private record Failure(ItemResult first, String failedJudge, int unscored) {
    /** A run that did not fail so. */
    static final Failure NONE = new Failure(null, null, 0);
  }

  /**
   * The outcome, its status stored unless another process took the run over meanwhile (its status is theirs): the
   * heartbeat thread may not have noticed a takeover yet, so the status is written only if the run still holds this
   * process's last beat.
   */
  private RunOutcome finish(Heartbeat beating, RunRecord run, RunStatus status, CostEstimate estimate, TaskPool pool,
      int skipped, Spend spend, String message, Failure failure) {
    Instant ended = clock.instant();
    Instant held = beating.stop();
    ItemResult pilotFailure = failure.first();
    String failedJudge = failure.failedJudge();
    if (beating.lost() || !store.end(run.id(), held, status, ended)) {
      status = RunStatus.INTERRUPTED;
      message = "stopped: another process resumed run " + run.id() + " (this one was paused past "
          + STALE_AFTER.toSeconds() + " s, or the resume was forced); its status is that process's";
      pilotFailure = null;
      failedJudge = null;
    }
    return new RunOutcome(run.withStatus(status, ended), estimate, pool.ran(), skipped,
        pool.failed() + failure.unscored(), pool.refusedByLimits(), spend.spent(), message, pilotFailure, failedJudge);
  }

  private RunRecord newRun(Suite suite, String suiteText, String datasetRef, String digest) {
    // 32 random bits after the second: two runs started in one second (a script, a test) must not share an id
    String id = "ev-" + ID_TIME.format(clock.instant()) + "-"
        + "%08x".formatted(ThreadLocalRandom.current().nextInt());
    RunRecord run = new RunRecord(id, suite.name(), suiteText, clock.instant(), null, RunStatus.RUNNING, datasetRef,
        digest, Heartbeat.now(clock));
    store.createRun(run);
    return run;
  }

  /** The item calls without a successful stored result (failed ones are tried again), variants interleaved. */
  static List<Task> pending(Suite suite, List<EvalItem> items, List<ItemResult> stored) {
    Set<String> done = new HashSet<>();
    for (ItemResult r : stored) if (r.succeeded()) done.add(key(r.variant(), r.itemIndex()));
    List<Task> pending = new ArrayList<>();
    for (EvalItem item : items) {
      for (VariantSpec v : suite.variants()) if (!done.contains(key(v.name(), item.index()))) pending.add(new Task(v, item));
    }
    return pending;
  }

  static String key(String variant, int index) {
    return variant + "\u0000" + index;
  }
}
