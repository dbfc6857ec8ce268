package dev.apprentice.eval.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.eval.dataset.EvalItem;
import dev.apprentice.eval.dataset.ItemsDigest;
import dev.apprentice.eval.dataset.ResolvedDataset;
import dev.apprentice.eval.metric.MetricRegistry;
import dev.apprentice.eval.suite.Suite;
import dev.apprentice.eval.suite.SuiteParser;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EvalRunnerTest {

  private static final String SUITE = """
      name: intents
      dataset: { path: items.csv }
      variants:
        - { name: weak, model: small, prompt: "{{input}}" }
        - { name: strong, model: large, prompt: "{{category}}" }
      metrics:
        - { name: accuracy, threshold: 1 }
      concurrency: %d
      pilot_items: %d
      %s
      """;

  private final MemoryRunStore store = new MemoryRunStore();

  private static String suiteText(int concurrency, int pilot, String extra) {
    return SUITE.formatted(concurrency, pilot, extra);
  }

  private RunOutcome run(FakeChatClient client, String text, List<EvalItem> items, String resume, Progress progress,
      RunControl control) {
    Suite suite = SuiteParser.parse(text);
    return new EvalRunner(client, store, MetricRegistry.standard(), Clock.systemUTC())
        .run(suite, text, items, resume, progress, control);
  }

  @Test
  void everyVariantAnswersEveryItemAndEachResultIsStoredWithItsMetrics() {
    FakeChatClient client = FakeChatClient.echo(0.001);
    RunOutcome outcome = run(client, suiteText(4, 0, ""), Items.labelled(12), null, Progress.NONE, new RunControl());

    assertThat(outcome.run().status()).isEqualTo(RunStatus.COMPLETED);
    List<ItemResult> items = store.items(outcome.run().id());
    assertThat(items).hasSize(24);
    assertThat(items).filteredOn(r -> r.variant().equals("strong"))
        .allSatisfy(r -> assertThat(r.metrics().get("accuracy").value()).isEqualTo(1.0));
    assertThat(items).filteredOn(r -> r.variant().equals("weak"))
        .allSatisfy(r -> assertThat(r.metrics().get("accuracy").value()).isEqualTo(0.0));
    assertThat(outcome.spentUsd()).isCloseTo(0.024, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void eachCallIsTaggedWithEvalTheRunIdAndTheVariant() {
    FakeChatClient client = FakeChatClient.echo(0);
    RunOutcome outcome = run(client, suiteText(2, 0, ""), Items.labelled(3), null, Progress.NONE, new RunControl());

    assertThat(client.tagsByTrace().values()).allSatisfy(tags -> assertThat(tags).hasSize(3)
        .startsWith("eval", outcome.run().id()));
    assertThat(client.tagsByTrace().values()).extracting(tags -> tags.get(2)).containsOnly("weak", "strong");
    assertThat(store.items(outcome.run().id())).allSatisfy(r -> assertThat(r.traceId()).startsWith("tr-"));
  }

  @Test
  void aRunIdCarriesThirtyTwoRandomBitsAfterItsSecondSoRunsStartedInOneSecondDoNotCollide() {
    RunOutcome outcome = run(FakeChatClient.echo(0), suiteText(1, 0, ""), Items.labelled(1), null, Progress.NONE,
        new RunControl());

    // 16 bits were too few: two runs of one test in the same second once shared an id (a primary key failure)
    assertThat(outcome.run().id()).matches("ev-[0-9]{8}-[0-9]{6}-[0-9a-f]{8}");
  }

  @Test
  void noMoreCallsAreInFlightThanTheSuiteConcurrency() {
    FakeChatClient client = FakeChatClient.echo(0);
    run(client, suiteText(3, 0, ""), Items.labelled(40), null, Progress.NONE, new RunControl());

    assertThat(client.maxInFlight()).isBetween(1, 3);
    assertThat(client.calls()).isEqualTo(80);
  }

  @Test
  void aStoppedRunIsInterruptedAndItsResumeRunsOnlyTheRest() {
    RunControl control = new RunControl();
    AtomicInteger seen = new AtomicInteger();
    Progress stopAfterTen = new Progress() {
      @Override
      public void itemDone(ItemResult result) {
        if (seen.incrementAndGet() == 10) control.stop();
      }
    };
    FakeChatClient first = FakeChatClient.echo(0);
    RunOutcome interrupted = run(first, suiteText(1, 0, ""), Items.labelled(20), null, stopAfterTen, control);
    assertThat(interrupted.run().status()).isEqualTo(RunStatus.INTERRUPTED);
    int stored = store.items(interrupted.run().id()).size();
    assertThat(stored).isBetween(10, 11);

    FakeChatClient second = FakeChatClient.echo(0);
    RunOutcome resumed = run(second, suiteText(1, 0, ""), Items.labelled(20), interrupted.run().id(), Progress.NONE,
        new RunControl());

    assertThat(resumed.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(resumed.skipped()).isEqualTo(stored);
    assertThat(second.calls()).isEqualTo(40 - stored);
    assertThat(store.items(interrupted.run().id())).hasSize(40);
  }

  @Test
  void aRunLeftRunningByAProcessThatDiedResumesAndRunsTheItemsThatWereInFlight() {
    RunControl control = new RunControl();
    AtomicInteger seen = new AtomicInteger();
    Progress dieAfterFive = new Progress() {
      @Override
      public void itemDone(ItemResult result) {
        if (seen.incrementAndGet() == 5) control.stop();
      }
    };
    RunOutcome died = run(FakeChatClient.echo(0), suiteText(4, 0, ""), Items.labelled(10), null, dieAfterFive, control);
    store.updateRun(died.run().id(), RunStatus.RUNNING, null);
    store.heartbeat(died.run().id(), java.time.Instant.now().minus(EvalRunner.STALE_AFTER).minusSeconds(1));
    int stored = store.items(died.run().id()).size();

    FakeChatClient second = FakeChatClient.echo(0);
    RunOutcome resumed = run(second, suiteText(4, 0, ""), Items.labelled(10), died.run().id(), Progress.NONE,
        new RunControl());

    assertThat(resumed.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(second.calls()).isEqualTo(20 - stored);
    assertThat(store.items(died.run().id())).hasSize(20);
  }

  @Test
  void aRunStillRunningInAnotherProcessIsNotResumedUnlessForced() {
    RunOutcome first = run(FakeChatClient.echo(0), suiteText(2, 0, ""), Items.labelled(5), null, Progress.NONE,
        new RunControl());
    String id = first.run().id();
    store.updateRun(id, RunStatus.RUNNING, null);
    store.heartbeat(id, java.time.Instant.now().minusSeconds(15));
    FakeChatClient client = FakeChatClient.echo(0);

    assertThatThrownBy(() -> run(client, suiteText(2, 0, ""), Items.labelled(5), id, Progress.NONE, new RunControl()))
        .hasMessageContaining("run " + id + " is still running in another process").hasMessageContaining("--force");
    assertThat(client.calls()).isZero();
    assertThat(store.run(id).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);

    RunOutcome forced = new EvalRunner(client, store, MetricRegistry.standard(), Clock.systemUTC()).run(
        SuiteParser.parse(suiteText(2, 0, "")), suiteText(2, 0, ""), ResolvedDataset.of(Items.labelled(5)), id, true,
        Progress.NONE, new RunControl());
    assertThat(forced.run().status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void ofTwoResumesThatReadTheSameStaleHeartbeatOnlyTheFirstToClaimTheRunRunsIt() {
    RunOutcome died = run(FakeChatClient.echo(0), suiteText(2, 0, ""), Items.labelled(5), null, Progress.NONE,
        new RunControl());
    String id = died.run().id();
    store.updateRun(id, RunStatus.RUNNING, null);
    java.time.Instant stale = java.time.Instant.now().minus(EvalRunner.STALE_AFTER).minusSeconds(1);
    store.heartbeat(id, stale);
    RunStore racing = new ClaimedMeanwhile(store);
    FakeChatClient client = FakeChatClient.echo(0);

    assertThatThrownBy(() -> new EvalRunner(client, racing, MetricRegistry.standard(), Clock.systemUTC()).run(
        SuiteParser.parse(suiteText(2, 0, "")), suiteText(2, 0, ""), ResolvedDataset.of(Items.labelled(5)), id, false,
        Progress.NONE, new RunControl())).hasMessageContaining("was resumed by another process");
    assertThat(client.calls()).isZero();
  }

  @Test
  void aResumeThatReadTheRunStoppedCannotClaimItOnceAnotherProcessResumedIt() {
    RunOutcome stopped = run(FakeChatClient.echo(0), suiteText(2, 0, ""), Items.labelled(5), null, Progress.NONE,
        new RunControl());
    String id = stopped.run().id();
    store.updateRun(id, RunStatus.INTERRUPTED, java.time.Instant.now());
    RunRecord read = store.run(id).orElseThrow();

    assertThat(store.claim(id, read.status(), read.heartbeatAt(), java.time.Instant.now())).as("the other process")
        .isTrue();
    assertThat(store.claim(id, read.status(), read.heartbeatAt(), java.time.Instant.now().plusMillis(1)))
        .as("this one, with what it read before").isFalse();
    assertThat(store.run(id).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
  }

  /** A client that runs {@code before} on each call, then takes 30 ms to answer "x". */
  private static FakeChatClient slowly(Runnable before) {
    return new FakeChatClient(r -> {
      before.run();
      try {
        Thread.sleep(30);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "x";
    }, 0);
  }

  /** A new run of {@code items} labelled items, one variant, its heartbeat stored every 10 ms. */
  private RunOutcome runBeatingEvery10Ms(FakeChatClient client, int items) {
    String text = suiteText(1, 0, "");
    return new EvalRunner(client, store, MetricRegistry.standard(), Clock.systemUTC(), java.time.Duration.ofMillis(10))
        .run(SuiteParser.parse(text), text, Items.labelled(items), null, Progress.NONE, new RunControl());
  }

  /** A store whose run another process claims between this process reading it and claiming it. */
  private record ClaimedMeanwhile(MemoryRunStore store) implements RunStore {
    @Override
    public boolean claim(String id, RunStatus seenStatus, java.time.Instant seen, java.time.Instant at) {
      store.heartbeat(id, at.minusMillis(1));
      return store.claim(id, seenStatus, seen, at);
    }

    @Override
    public void createRun(RunRecord run) {
      store.createRun(run);
    }

    @Override
    public java.util.Optional<RunRecord> run(String id) {
      return store.run(id);
    }

    @Override
    public List<RunRecord> runs(int limit) {
      return store.runs(limit);
    }

    @Override
    public void updateRun(String id, RunStatus status, java.time.Instant endedAt) {
      store.updateRun(id, status, endedAt);
    }

    @Override
    public void heartbeat(String id, java.time.Instant at) {
      store.heartbeat(id, at);
    }

    @Override
    public boolean end(String id, java.time.Instant seen, RunStatus status, java.time.Instant endedAt) {
      return store.end(id, seen, status, endedAt);
    }

    @Override
    public boolean holds(String id, java.time.Instant heartbeat) {
      return store.holds(id, heartbeat);
    }

    @Override
    public void recordItems(String id, String datasetRef, String itemsDigest) {
      store.recordItems(id, datasetRef, itemsDigest);
    }

    @Override
    public void saveItem(ItemResult result) {
      store.saveItem(result);
    }

    @Override
    public List<ItemResult> items(String runId) {
      return store.items(runId);
    }
  }

  @Test
  void aRunThatAnotherProcessTookOverStopsItsCallsAndLeavesTheRunsStatusToThatProcess() {
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    java.time.Instant theirs = java.time.Instant.parse("2030-01-01T00:00:00Z");
    FakeChatClient slow = slowly(() -> {
      if (calls.incrementAndGet() == 3) {
        // the other process's resume: it read the run as this one last beat it, and claimed it
        RunRecord run = store.runs(1).getFirst();
        assertThat(store.claim(run.id(), RunStatus.RUNNING, run.heartbeatAt(), theirs)).isTrue();
      }
    });
    RunOutcome outcome = runBeatingEvery10Ms(slow, 40);

    assertThat(outcome.message()).contains("another process resumed run");
    assertThat(calls.get()).as("stopped soon after the takeover").isLessThan(20);
    RunRecord stored = store.run(outcome.run().id()).orElseThrow();
    assertThat(stored.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(stored.heartbeatAt()).isEqualTo(theirs);
  }

  @Test
  void aRunTakenOverAfterItsLastItemButBeforeItsHeartbeatNoticedDoesNotWriteItsStatusOverTheNewOwners() {
    java.time.Instant theirs = java.time.Instant.parse("2030-01-01T00:00:00Z");
    AtomicInteger done = new AtomicInteger();
    Progress takenOverAtTheEnd = new Progress() {
      @Override
      public void itemDone(ItemResult result) {
        if (done.incrementAndGet() < 10) return;
        // another process's forced resume, between this one's last item and its end; its next beat is 10 s away
        RunRecord run = store.run(result.runId()).orElseThrow();
        assertThat(store.claim(run.id(), RunStatus.RUNNING, run.heartbeatAt(), theirs)).isTrue();
      }
    };

    RunOutcome outcome = run(FakeChatClient.echo(0), suiteText(2, 0, ""), Items.labelled(5), null, takenOverAtTheEnd,
        new RunControl());

    assertThat(outcome.run().status()).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(outcome.message()).startsWith("stopped: another process resumed run " + outcome.run().id());
    RunRecord stored = store.run(outcome.run().id()).orElseThrow();
    assertThat(stored.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(stored.endedAt()).isNull();
    assertThat(stored.heartbeatAt()).isEqualTo(theirs);
  }

  @Test
  void theHeartbeatIsStoredWhileTheRunRuns() {
    List<java.time.Instant> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    FakeChatClient slow = slowly(() -> seen.add(store.runs(1).getFirst().heartbeatAt()));
    RunOutcome outcome = runBeatingEvery10Ms(slow, 5);

    assertThat(seen).doesNotContainNull().hasSize(10);
    assertThat(seen.getLast()).isAfter(seen.getFirst());
    assertThat(store.run(outcome.run().id()).orElseThrow().heartbeatAt()).isAfter(outcome.run().startedAt());
  }

  @Test
  void failedItemsAreTriedAgainOnResume() {
    FakeChatClient failing = new FakeChatClient(r -> r.model().equals("large") ? null : "x", 0);
    RunOutcome first = run(failing, suiteText(2, 0, ""), Items.labelled(5), null, Progress.NONE, new RunControl());
    assertThat(first.failed()).isEqualTo(5);
    assertThat(store.items(first.run().id())).filteredOn(r -> !r.succeeded()).hasSize(5)
        .allSatisfy(r -> assertThat(r.error()).contains("upstream_error"));
    store.updateRun(first.run().id(), RunStatus.INTERRUPTED, null);

    FakeChatClient healthy = FakeChatClient.echo(0);
    run(healthy, suiteText(2, 0, ""), Items.labelled(5), first.run().id(), Progress.NONE, new RunControl());

    assertThat(healthy.calls()).isEqualTo(5);
    assertThat(store.items(first.run().id())).hasSize(10).allSatisfy(r -> assertThat(r.succeeded()).isTrue());
  }

  @Test
  void aResumeOfACompletedRunRetriesItsFailedItems() {
    FakeChatClient failing = new FakeChatClient(r -> r.model().equals("small")
        && r.messages().getLast().text().equals("question 1") ? null : "x", 0);
    RunOutcome first = run(failing, suiteText(2, 0, ""), Items.labelled(5), null, Progress.NONE, new RunControl());
    assertThat(first.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(first.failed()).isEqualTo(1);

    FakeChatClient healthy = FakeChatClient.echo(0);
    RunOutcome resumed = run(healthy, suiteText(2, 0, ""), Items.labelled(5), first.run().id(), Progress.NONE,
        new RunControl());

    assertThat(resumed.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(healthy.calls()).isEqualTo(1);
    assertThat(resumed.skipped()).isEqualTo(9);
    assertThat(store.items(first.run().id())).hasSize(10).allSatisfy(r -> assertThat(r.succeeded()).isTrue());
    assertThat(store.run(first.run().id()).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void aResumeOfACompletedRunWhoseItemsAllSucceededIsRefusedWithNothingToResume() {
    RunOutcome first = run(FakeChatClient.echo(0), suiteText(2, 0, ""), Items.labelled(5), null, Progress.NONE,
        new RunControl());
    RunRecord before = store.run(first.run().id()).orElseThrow();
    FakeChatClient client = FakeChatClient.echo(0);

    assertThatThrownBy(() -> run(client, suiteText(2, 0, ""), Items.labelled(5), first.run().id(), Progress.NONE,
        new RunControl())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nothing to resume");
    assertThat(client.calls()).isZero();
    assertThat(store.run(first.run().id()).orElseThrow()).isEqualTo(before);
  }

  @Test
  void aRunWhoseEstimateIsOverTheBudgetIsRefusedAfterThePilot() {
    FakeChatClient client = FakeChatClient.echo(0.01);
    List<CostEstimate> estimates = new java.util.ArrayList<>();
    Progress listen = new Progress() {
      @Override
      public void estimated(CostEstimate estimate) {
        estimates.add(estimate);
      }
    };
    RunOutcome outcome = run(client, suiteText(2, 2, "budget_usd: 0.5"), Items.labelled(50), null, listen,
        new RunControl());

    assertThat(outcome.run().status()).isEqualTo(RunStatus.REFUSED);
    assertThat(client.calls()).isEqualTo(4);
    assertThat(estimates).singleElement().satisfies(e -> {
      assertThat(e.totalUsd()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(e.overBudget()).isTrue();
    });
    assertThat(outcome.message()).contains("refused").contains("budget");
  }

  @Test
  void aRunWhosePilotCallsAllFailStopsFailedAfterThePilotWithTheFirstErrorButOneAnswerIsEnoughToGoOn() {
    FakeChatClient failing = new FakeChatClient(r -> null, 0);
    RunOutcome outcome = run(failing, suiteText(2, 2, ""), Items.labelled(50), null, Progress.NONE, new RunControl());

    assertThat(outcome.run().status()).isEqualTo(RunStatus.FAILED);
    assertThat(store.run(outcome.run().id()).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
    assertThat(failing.calls()).isEqualTo(4);
    assertThat(outcome.failed()).isEqualTo(4);
    assertThat(outcome.message()).isEqualTo("failed: all 2 pilot item calls of variant 'weak' failed");
    assertThat(outcome.pilotFailure()).satisfies(first -> {
      assertThat(first.variant()).isEqualTo("weak");
      assertThat(first.itemIndex()).isZero();
      assertThat(first.error()).isEqualTo("upstream_error: the upstream failed");
    });

    java.util.Set<String> answeredModels = java.util.concurrent.ConcurrentHashMap.newKeySet();
    FakeChatClient oneAnswers = new FakeChatClient(r -> answeredModels.add(r.model()) ? "x" : null, 0);
    RunOutcome another = run(oneAnswers, suiteText(2, 2, ""), Items.labelled(10), null, Progress.NONE, new RunControl());
    assertThat(another.run().status()).as("one pilot call of each variant answered").isEqualTo(RunStatus.COMPLETED);
    assertThat(another.pilotFailure()).isNull();
    assertThat(oneAnswers.calls()).isEqualTo(20);
  }

  @Test
  void aRunStopsFailedWhenOneVariantsPilotCallsAllFailThoughTheOtherAnswers() {
    FakeChatClient strongFails = new FakeChatClient(r -> r.model().equals("large") ? null : "x", 0);
    RunOutcome outcome = run(strongFails, suiteText(2, 2, ""), Items.labelled(50), null, Progress.NONE,
        new RunControl());

    assertThat(outcome.run().status()).isEqualTo(RunStatus.FAILED);
    assertThat(strongFails.calls()).isEqualTo(4);
    assertThat(outcome.message()).isEqualTo("failed: all 2 pilot item calls of variant 'strong' failed");
    assertThat(outcome.pilotFailure().variant()).isEqualTo("strong");
  }

  @Test
  void aRunThatFailedInItsPilotResumesOnceItsCallsSucceed() {
    RunOutcome failed = run(new FakeChatClient(r -> null, 0), suiteText(2, 2, ""), Items.labelled(10), null,
        Progress.NONE, new RunControl());
    assertThat(failed.run().status()).isEqualTo(RunStatus.FAILED);
    FakeChatClient fixed = FakeChatClient.echo(0);

    RunOutcome resumed = run(fixed, suiteText(2, 2, ""), Items.labelled(10), failed.run().id(), Progress.NONE,
        new RunControl());

    assertThat(resumed.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(fixed.calls()).isEqualTo(20);
    assertThat(store.items(failed.run().id())).hasSize(20).allSatisfy(r -> assertThat(r.succeeded()).isTrue());
  }

  @Test
  void theSpendNeverPassesTheBudgetCapAndTheRunSaysItStoppedThere() {
    FakeChatClient client = FakeChatClient.echo(0.01);
    String text = suiteText(4, 0, "budget_usd: 0.155");
    RunOutcome outcome = run(client, text, Items.labelled(50), null, Progress.NONE, new RunControl());

    assertThat(outcome.run().status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);
    double spent = store.items(outcome.run().id()).stream().mapToDouble(ItemResult::totalCostUsd).sum();
    assertThat(spent).isLessThanOrEqualTo(0.155).isGreaterThan(0.05);
  }

  @Test
  void aResumeWithAChangedSuiteIsRefused() {
    RunOutcome first = run(FakeChatClient.echo(0), suiteText(1, 0, ""), Items.labelled(2), null, Progress.NONE,
        new RunControl());
    store.updateRun(first.run().id(), RunStatus.INTERRUPTED, null);

    assertThatThrownBy(() -> run(FakeChatClient.echo(0), suiteText(2, 0, ""), Items.labelled(2), first.run().id(),
        Progress.NONE, new RunControl())).hasMessageContaining("suite changed");
  }

  @Test
  void aRunKeepsTheStoredDatasetVersionAndTheDigestOfItsItems() {
    Suite suite = SuiteParser.parse(suiteText(1, 0, ""));
    RunOutcome outcome = new EvalRunner(FakeChatClient.echo(0), store, MetricRegistry.standard(), Clock.systemUTC())
        .run(suite, suiteText(1, 0, ""), new ResolvedDataset("intents@2", Items.labelled(3)), null, false,
            Progress.NONE, new RunControl());

    RunRecord stored = store.run(outcome.run().id()).orElseThrow();
    assertThat(stored.datasetRef()).isEqualTo("intents@2");
    assertThat(stored.itemsDigest()).isEqualTo(ItemsDigest.of(Items.labelled(3))).startsWith("sha256:");
  }

  @Test
  void aResumeGivenOtherItemsThanItsRunStartedWithIsRefusedBeforeAnyCall() {
    RunOutcome first = run(FakeChatClient.echo(0), suiteText(1, 0, ""), Items.labelled(30), null, Progress.NONE,
        new RunControl());
    store.updateRun(first.run().id(), RunStatus.INTERRUPTED, null);
    List<EvalItem> edited = new java.util.ArrayList<>(Items.labelled(30));
    edited.set(4, new EvalItem(4, "another question", List.of(), "label-1", List.of(),
        java.util.Map.of("text", "another question", "category", "label-1")));
    FakeChatClient client = FakeChatClient.echo(0);

    for (List<EvalItem> other : List.of(Items.labelled(10), edited)) {
      assertThatThrownBy(() -> run(client, suiteText(1, 0, ""), other, first.run().id(), Progress.NONE,
          new RunControl())).hasMessageContaining("items changed since run " + first.run().id());
    }
    assertThat(client.calls()).isZero();
    assertThat(store.run(first.run().id()).orElseThrow().status()).isEqualTo(RunStatus.INTERRUPTED);
  }

  @Test
  void aResumeOfARunStoredBeforeDigestsRecordsItsItemsSoThatTheNextResumeIsChecked() {
    String text = suiteText(1, 0, "");
    Suite suite = SuiteParser.parse(text);
    // as migration V10 left a run stored before it: no dataset ref, no digest, no heartbeat
    store.createRun(new RunRecord("ev-old", suite.name(), text, java.time.Instant.now().minusSeconds(3600),
        java.time.Instant.now().minusSeconds(3000), RunStatus.INTERRUPTED));
    EvalRunner runner = new EvalRunner(FakeChatClient.echo(0), store, MetricRegistry.standard(), Clock.systemUTC());
    RunControl stopAfterOne = new RunControl();
    Progress oneItem = new Progress() {
      @Override
      public void itemDone(ItemResult result) {
        stopAfterOne.stop();
      }
    };

    runner.run(suite, text, new ResolvedDataset("intents@2", Items.labelled(4)), "ev-old", false, oneItem,
        stopAfterOne);

    RunRecord recorded = store.run("ev-old").orElseThrow();
    assertThat(recorded.status()).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(recorded.datasetRef()).isEqualTo("intents@2");
    assertThat(recorded.itemsDigest()).isEqualTo(ItemsDigest.of(Items.labelled(4)));
    assertThatThrownBy(() -> runner.run(suite, text, new ResolvedDataset("intents@2", Items.labelled(5)), "ev-old",
        false, Progress.NONE, new RunControl())).hasMessageContaining("the dataset's items changed");
  }

  @Test
  void aResumeOfAnotherVersionOfTheStoredDatasetIsRefused() {
    Suite suite = SuiteParser.parse(suiteText(1, 0, ""));
    EvalRunner runner = new EvalRunner(FakeChatClient.echo(0), store, MetricRegistry.standard(), Clock.systemUTC());
    RunOutcome first = runner.run(suite, suiteText(1, 0, ""), new ResolvedDataset("intents@1", Items.labelled(3)), null,
        false, Progress.NONE, new RunControl());
    store.updateRun(first.run().id(), RunStatus.INTERRUPTED, null);

    assertThatThrownBy(() -> runner.run(suite, suiteText(1, 0, ""), new ResolvedDataset("intents@2",
        Items.labelled(3)), first.run().id(), false, Progress.NONE, new RunControl()))
        .hasMessageContaining("read dataset intents@1, not intents@2");
  }

  @Test
  void aRunStoppedAtItsBudgetResumesWhenTheSuiteFileRaisesTheBudget() {
    RunOutcome capped = run(FakeChatClient.echo(0.01), suiteText(2, 0, "budget_usd: 0.1"), Items.labelled(20), null,
        Progress.NONE, new RunControl());
    assertThat(capped.run().status()).isEqualTo(RunStatus.BUDGET_EXHAUSTED);

    FakeChatClient more = FakeChatClient.echo(0.01);
    RunOutcome resumed = run(more, suiteText(2, 0, "budget_usd: 1.0 # raised"), Items.labelled(20), capped.run().id(),
        Progress.NONE, new RunControl());

    assertThat(resumed.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(more.calls()).isEqualTo(40 - resumed.skipped());
    assertThat(store.items(capped.run().id())).hasSize(40);
  }

  @Test
  void aPromptPlaceholderThatOnlyALaterItemLacksFailsBeforeAnyCallNamingThatItem() {
    FakeChatClient client = FakeChatClient.echo(0);
    List<EvalItem> items = new java.util.ArrayList<>(Items.labelled(9));
    items.add(new EvalItem(9, "question 9", List.of(), "label-0", List.of(), java.util.Map.of("text", "question 9")));

    assertThatThrownBy(() -> run(client, suiteText(2, 0, ""), items, null, Progress.NONE, new RunControl()))
        .hasMessageContaining("item 9").hasMessageContaining("{{category}}");
    assertThat(client.calls()).isZero();
    assertThat(store.runs(10)).isEmpty();
  }

  @Test
  void aPromptPlaceholderTheItemsLackFailsBeforeAnyCall() {
    FakeChatClient client = FakeChatClient.echo(0);
    String text = suiteText(1, 0, "").replace("{{category}}", "{{missing}}");

    assertThatThrownBy(() -> run(client, text, Items.labelled(2), null, Progress.NONE, new RunControl()))
        .hasMessageContaining("{{missing}}");
    assertThat(client.calls()).isZero();
  }
}
