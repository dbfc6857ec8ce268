package dev.apprentice.server.eval;

import dev.apprentice.eval.run.ItemResult;
import dev.apprentice.eval.run.RunRecord;
import dev.apprentice.eval.run.RunStatus;
import dev.apprentice.eval.run.RunStore;
import dev.apprentice.store.EvaluationItem;
import dev.apprentice.store.EvaluationRun;
import dev.apprentice.store.EvaluationStore;
import dev.apprentice.store.StoreException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The evaluation runner's {@link RunStore} on the database's {@link EvaluationStore} (migration V5). */
public final class JdbcRunStore implements RunStore {

  private final EvaluationStore store;

  public JdbcRunStore(EvaluationStore store) {
    this.store = store;
  }

  @Override
  public void createRun(RunRecord run) {
    store.createRun(new EvaluationRun(run.id(), run.suiteName(), run.suiteText(), run.startedAt(), run.endedAt(),
        run.status().label(), run.datasetRef(), run.itemsDigest(), run.heartbeatAt()));
  }

  @Override
  public Optional<RunRecord> run(String id) {
    return store.run(id).map(JdbcRunStore::record);
  }

  @Override
  public List<RunRecord> runs(int limit) {
    return store.runs(limit).stream().map(JdbcRunStore::record).toList();
  }

  @Override
  public void updateRun(String id, RunStatus status, Instant endedAt) {
    store.updateRun(id, status.label(), endedAt);
  }

  @Override
  public void heartbeat(String id, Instant at) {
    store.heartbeat(id, at);
  }

  @Override
  public boolean claim(String id, RunStatus seenStatus, Instant seenHeartbeat, Instant at) {
    return store.claim(id, seenStatus.label(), RunStatus.RUNNING.label(), seenHeartbeat, at);
  }

  @Override
  public boolean end(String id, Instant seenHeartbeat, RunStatus status, Instant endedAt) {
    return store.end(id, RunStatus.RUNNING.label(), seenHeartbeat, status.label(), endedAt);
  }

  @Override
  public boolean holds(String id, Instant heartbeat) {
    return store.holds(id, RunStatus.RUNNING.label(), heartbeat);
  }

  @Override
  public void recordItems(String id, String datasetRef, String itemsDigest) {
    store.recordItems(id, datasetRef, itemsDigest);
  }

  @Override
  public void saveItem(ItemResult r) {
    store.saveItem(new EvaluationItem(r.runId(), r.variant(), r.itemIndex(), r.output(),
        MeasurementJson.write(r.metrics()), r.latencyMs(), r.inputTokens(), r.outputTokens(), r.costUsd(),
        r.judgeCostUsd(), r.judgeTokens(), r.traceId(), r.error(), r.callStatus()));
  }

  @Override
  public List<ItemResult> items(String runId) {
    return store.items(runId).stream().map(i -> new ItemResult(i.runId(), i.variant(), i.itemIndex(), i.output(),
        MeasurementJson.read(i.metricsJson()), i.latencyMs(), i.inputTokens(), i.outputTokens(), i.costUsd(),
        i.judgeCostUsd(), i.judgeTokens(), i.traceId(), i.error(), i.callStatus())).toList();
  }

  /**
   * The stored run as the runner's record. Its status is read by {@link RunStatus#of}, exactly as this store writes it
   * ({@link RunStatus#label}) and as its compare-and-set statements match it: a row with another form (edited by
   * hand) is a store problem, said with the run's id, not a status read one way here and another way there.
   */
  private static RunRecord record(EvaluationRun r) {
    RunStatus status;
    try {
      status = RunStatus.of(r.status());
    } catch (IllegalArgumentException e) {
      throw new StoreException("evaluation run " + r.id() + " in the store: " + e.getMessage());
    }
    return new RunRecord(r.id(), r.suite(), r.suiteText(), r.startedAt(), r.endedAt(), status, r.datasetRef(),
        r.itemsDigest(), r.heartbeatAt());
  }
}
