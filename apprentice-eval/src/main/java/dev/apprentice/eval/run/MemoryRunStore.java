package dev.apprentice.eval.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link RunStore} in memory, for tests and for embedding the runner without a database. Thread-safe. */
public final class MemoryRunStore implements RunStore {

  private final Map<String, RunRecord> runs = new LinkedHashMap<>();
  private final Map<String, ItemResult> items = new LinkedHashMap<>();

  @Override
  public synchronized void createRun(RunRecord run) {
    if (runs.putIfAbsent(run.id(), run) != null) throw new IllegalArgumentException("run " + run.id() + " exists");
  }

  @Override
  public synchronized Optional<RunRecord> run(String id) {
    return Optional.ofNullable(runs.get(id));
  }

  @Override
  public synchronized List<RunRecord> runs(int limit) {
    return runs.values().stream().sorted(Comparator.comparing(RunRecord::startedAt).reversed()).limit(limit).toList();
  }

  @Override
  public synchronized void updateRun(String id, RunStatus status, Instant endedAt) {
    RunRecord run = runs.get(id);
    if (run == null) throw new IllegalArgumentException("no run " + id);
    runs.put(id, run.withStatus(status, endedAt));
  }

  @Override
  public synchronized void heartbeat(String id, Instant at) {
    RunRecord run = runs.get(id);
    if (run == null) throw new IllegalArgumentException("no run " + id);
    runs.put(id, run.withHeartbeat(at));
  }

  @Override
  public synchronized boolean claim(String id, RunStatus seenStatus, Instant seenHeartbeat, Instant at) {
    RunRecord run = runs.get(id);
    if (run == null) throw new IllegalArgumentException("no run " + id);
    if (run.status() != seenStatus || !java.util.Objects.equals(run.heartbeatAt(), seenHeartbeat)) return false;
    runs.put(id, run.withStatus(RunStatus.RUNNING, null).withHeartbeat(at));
    return true;
  }

  @Override
  public synchronized boolean end(String id, Instant seenHeartbeat, RunStatus status, Instant endedAt) {
    RunRecord run = runs.get(id);
    if (run == null) throw new IllegalArgumentException("no run " + id);
    if (run.status() != RunStatus.RUNNING || !java.util.Objects.equals(run.heartbeatAt(), seenHeartbeat)) return false;
    runs.put(id, run.withStatus(status, endedAt));
    return true;
  }

  @Override
  public synchronized boolean holds(String id, Instant heartbeat) {
    RunRecord run = runs.get(id);
    return run != null && run.status() == RunStatus.RUNNING && java.util.Objects.equals(run.heartbeatAt(), heartbeat);
  }

  @Override
  public synchronized void recordItems(String id, String datasetRef, String itemsDigest) {
    RunRecord run = runs.get(id);
    if (run == null) throw new IllegalArgumentException("no run " + id);
    if (run.itemsDigest() != null) return;
    runs.put(id, run.withItems(run.datasetRef() != null ? run.datasetRef() : datasetRef, itemsDigest));
  }

  @Override
  public synchronized void saveItem(ItemResult result) {
    items.put(result.runId() + "\u0000" + result.variant() + "\u0000" + result.itemIndex(), result);
  }

  @Override
  public synchronized List<ItemResult> items(String runId) {
    List<ItemResult> out = new ArrayList<>();
    for (ItemResult r : items.values()) if (r.runId().equals(runId)) out.add(r);
    return out;
  }
}
