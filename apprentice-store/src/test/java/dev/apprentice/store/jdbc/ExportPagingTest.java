package dev.apprentice.store.jdbc;

import static dev.apprentice.store.Traces.trace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.dataset.DatasetInput;
import dev.apprentice.api.dataset.DatasetItem;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.store.TracePage;
import dev.apprentice.store.TraceQuery;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports larger than a page: read a page at a time by key, holding no read transaction while the consumer works, in
 * the same order and with the same contents as one query would give.
 */
class ExportPagingTest {

  private static final Comparator<TraceRecord> EXPORT_ORDER =
      Comparator.comparing(TraceRecord::startedAt).thenComparing(TraceRecord::id);

  @TempDir Path dir;
  private Database db;
  private JdbcTraceStore traces;
  private JdbcDatasetStore datasets;

  @BeforeEach
  void open() {
    db = Database.openSqlite("jdbc:sqlite:" + dir.resolve("apprentice.db"));
    Migrations.bundled().apply(db);
    traces = new JdbcTraceStore(db);
    datasets = new JdbcDatasetStore(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  /** 1,300 traces, most sharing a start time across page boundaries, so that pages must break ties by id. */
  private List<TraceRecord> stored() {
    List<TraceRecord> all = IntStream.range(0, 1300)
        .mapToObj(i -> trace(String.format("t%04d", (i * 7919) % 1300), i < 100 ? i : 100 + i % 3)
            .model(i % 2 == 0 ? "claude" : "gpt").bodies("{\"i\":" + i + "}", "{}").build())
        .toList();
    traces.append(all);
    return all.stream().sorted(EXPORT_ORDER).toList();
  }

  @Test
  void anExportOfManyPagesReturnsEveryTraceOnceInStartThenIdOrder() {
    List<TraceRecord> expected = stored();
    List<String> seen = new ArrayList<>();

    traces.export(TraceQuery.all(), t -> seen.add(t.id()));

    assertThat(seen).containsExactlyElementsOf(expected.stream().map(TraceRecord::id).toList());
  }

  @Test
  void theListPagedByCursorWalksTheSameTiesNewestFirstThatTheExportWalksOldestFirst() {
    List<String> oldestFirst = stored().stream().filter(t -> t.model().equals("gpt")).map(TraceRecord::id).toList();
    List<String> exported = new ArrayList<>();
    traces.export(new TraceQuery(null, "gpt", null, null, null, null), t -> exported.add(t.id()));
    List<String> listed = new ArrayList<>();
    String after = null;
    do {
      TracePage page = traces.page(new TraceQuery(97, "gpt", null, null, null, null, null, null, null, null, after));
      page.traces().forEach(t -> listed.add(t.id()));
      after = page.next();
    } while (after != null);

    assertThat(exported).containsExactlyElementsOf(oldestFirst);
    assertThat(listed).containsExactlyElementsOf(oldestFirst.reversed());
  }

  @Test
  void aFilterAndALimitLargerThanAPageApplyAcrossPages() {
    List<TraceRecord> expected = stored().stream().filter(t -> t.model().equals("gpt")).limit(600).toList();
    List<TraceRecord> seen = new ArrayList<>();

    traces.export(new TraceQuery(600, "gpt", null, null, null, null, null, null, null, null), seen::add);

    assertThat(seen).extracting(TraceRecord::id).containsExactlyElementsOf(expected.stream().map(TraceRecord::id).toList());
    assertThat(seen).allSatisfy(t -> {
      assertThat(t.request()).startsWith("{\"i\":");
      assertThat(t.attempts()).hasSize(1);
    });
  }

  @Test
  void aPageOfLargeBodiesEndsAtItsCharacterBudgetAndTheExportGoesOnToTheLastTrace() {
    String large = "{\"text\":\"" + "x".repeat(100_000) + "\"}";
    List<TraceRecord> all = IntStream.range(0, 9)
        .mapToObj(i -> trace(String.format("big%d", i), i).bodies(large, large).build()).toList();
    traces.append(all);
    TraceExport export = new TraceExport(db, TraceQuery.all(), 500, 500_000);

    TraceExport.Page first = db.read(c -> export.page(c, Long.MAX_VALUE, null, 500));
    List<String> seen = new ArrayList<>();
    export.run(t -> seen.add(t.id()));

    assertThat(first.rows()).as("three traces of 200,000 characters reach the 500,000 of a page").hasSize(3);
    assertThat(first.full()).isTrue();
    assertThat(seen).containsExactlyElementsOf(all.stream().map(TraceRecord::id).toList());
  }

  @Test
  void tracesWrittenDuringAnExportNeitherRepeatNorSkipTheOthersAndTheExportEnds() {
    List<TraceRecord> expected = stored();
    Instant newest = expected.getLast().startedAt();
    List<TraceRecord> seen = new ArrayList<>();

    traces.export(TraceQuery.all(), t -> {
      if (seen.size() == 10) {
        traces.append(List.of(trace("before-the-cursor", -5).build(), trace("ahead", 102).build(),
            trace("later", newest.plusSeconds(60)).build()));
      }
      if (seen.size() < 5000 && seen.size() % 450 == 449) {
        traces.append(List.of(trace("tied-" + seen.size(), newest).build())); // keeps arriving as the export runs
      }
      seen.add(t);
    });

    List<String> ids = seen.stream().map(TraceRecord::id).toList();
    assertThat(ids).doesNotHaveDuplicates().contains("ahead").doesNotContain("before-the-cursor", "later");
    assertThat(ids).containsSubsequence(expected.stream().map(TraceRecord::id).toList());
    assertThat(ids.stream().filter(id -> !id.startsWith("tied-"))).hasSize(expected.size() + 1);
    assertThat(seen).isSortedAccordingTo(EXPORT_ORDER);
  }

  @Test
  void aSlowTraceExportHoldsNoReadTransactionSoTheWalCanBeCheckpointed() {
    stored();
    List<int[]> checkpoints = new ArrayList<>();

    traces.export(TraceQuery.all(), t -> {
      if (t.id().equals("t0000") || checkpoints.size() == 1 && t.startedAt().getEpochSecond() > 0) {
        traces.append(List.of(trace("written-" + checkpoints.size(), 2000).build()));
        checkpoints.add(checkpoint());
      }
    });

    assertThat(checkpoints).isNotEmpty().allSatisfy(frames -> assertThat(frames[1]).isEqualTo(frames[0]));
  }

  @Test
  void aSlowDatasetExportPagesThroughEveryItemInOrderHoldingNoReadTransaction() {
    datasets.create("big", "test", false, Instant.EPOCH,
        sink -> IntStream.range(0, 1234).forEach(i -> sink.add(new DatasetInput.Text("q" + i), null, Map.of())));
    List<DatasetItem> seen = new ArrayList<>();
    List<int[]> checkpoints = new ArrayList<>();

    datasets.forEachItem("big", 1, item -> {
      seen.add(item);
      if (item.index() == 3) {
        datasets.create("other", "test", false, Instant.EPOCH, sink -> sink.add(new DatasetInput.Text("x"), null, Map.of()));
        checkpoints.add(checkpoint());
      }
    });

    assertThat(seen).extracting(DatasetItem::index).containsExactlyElementsOf(IntStream.range(0, 1234).boxed().toList());
    assertThat(seen.getLast().input().text()).isEqualTo("q1233");
    assertThat(checkpoints).singleElement().satisfies(frames -> assertThat(frames[1]).isEqualTo(frames[0]));
  }

  /**
   * A passive checkpoint, which never waits: the WAL frames it found and those it could copy into the database. It
   * copies them all only when no reader still holds a snapshot older than the last write.
   */
  private int[] checkpoint() {
    return db.read(c -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
        rs.next();
        return new int[] {rs.getInt(2), rs.getInt(3)};
      }
    });
  }
}
