package dev.apprentice.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.dataset.DatasetInput;
import dev.apprentice.api.dataset.DatasetItem;
import dev.apprentice.api.dataset.DatasetVersion;
import dev.apprentice.store.DatasetStore;
import dev.apprentice.store.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An append copies the previous version in bounded transactions, so the trace writer is not locked out meanwhile. */
class AppendCopyTest {

  private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path dir;

  @Test
  void anAppendCopiesThePreviousItemsInChunksBetweenWhichAnotherProcessCanWrite() {
    String url = "jdbc:sqlite:" + dir.resolve("apprentice.db");
    try (Store other = Store.open(url); Database server = Database.openSqlite(url)) {
      List<String> writtenBetween = new ArrayList<>();
      List<Integer> copied = new ArrayList<>();
      JdbcDatasetStore datasets = new JdbcDatasetStore(server, 10, rows -> {
        copied.add(rows);
        // another process takes the write lock; it would wait out its busy timeout and fail if the copy still held it
        writtenBetween.add(other.datasets().create("tickets-" + rows, "test", false, AT,
            sink -> sink.add(new DatasetInput.Text("t"), null, Map.of())).id());
      });
      datasets.create("intents", "test", false, AT,
          sink -> IntStream.range(0, 25).forEach(i -> sink.add(new DatasetInput.Text("q" + i), null, Map.of())));

      DatasetVersion appended = datasets.create("intents", "test", true, AT,
          sink -> sink.add(new DatasetInput.Text("new"), null, Map.of()));

      assertThat(copied).containsExactly(10, 20, 25);
      assertThat(writtenBetween).containsExactly("tickets-10@1", "tickets-20@1", "tickets-25@1");
      assertThat(appended.items()).isEqualTo(26);
      List<String> expected = new ArrayList<>(IntStream.range(0, 25).mapToObj(i -> "q" + i).toList());
      expected.add("new");
      assertThat(datasets.items("intents", 2, 0, 100)).extracting(DatasetItem::input).extracting(DatasetInput::text)
          .containsExactlyElementsOf(expected);
      assertThat(datasets.items("intents", 2, 0, 100)).extracting(DatasetItem::index)
          .containsExactlyElementsOf(IntStream.range(0, 26).boxed().toList());
    }
  }

  @Test
  void anAppendThatAddsNothingCopiesNoItemOfTheVersionItWouldHaveBuiltOn() {
    String url = "jdbc:sqlite:" + dir.resolve("apprentice.db");
    try (Store migrated = Store.open(url); Database db = Database.openSqlite(url)) {
      List<Integer> copied = new ArrayList<>();
      JdbcDatasetStore datasets = new JdbcDatasetStore(db, 10, copied::add);
      datasets.create("intents", "test", false, AT,
          sink -> IntStream.range(0, 25).forEach(i -> sink.add(new DatasetInput.Text("q" + i), null, Map.of())));
      List<String> seenBase = new ArrayList<>();

      assertThatThrownBy(() -> datasets.create("intents", "daily", true, AT, new DatasetStore.ItemSource() {
        @Override
        public void emit(DatasetStore.ItemSink sink) {
          throw new AssertionError("an append's source is given the version it builds on");
        }

        @Override
        public void emit(DatasetStore.ItemSink sink, DatasetVersion base) {
          // as from-traces does: every item the base holds is one already there, so nothing is emitted
          datasets.forEachItem(base.name(), base.version(), item -> seenBase.add(item.input().text()));
        }
      })).isInstanceOf(DatasetStore.NothingNew.class);

      assertThat(seenBase).as("the source still reads the version it appends to").hasSize(25);
      assertThat(copied).as("no chunk of the 25 items copied, to be thrown away").isEmpty();
      assertThat(datasets.versions("intents")).extracting(DatasetVersion::items).containsExactly(25);
      assertThat(rows(db)).as("nothing left behind").isEqualTo(25);
    }
  }

  @Test
  void aCopyThatFailsPartWayOnceTheSourceHasEmittedLeavesNoVersionAndNoItemBehind() {
    String url = "jdbc:sqlite:" + dir.resolve("apprentice.db");
    try (Store migrated = Store.open(url); Database db = Database.openSqlite(url)) {
      JdbcDatasetStore datasets = new JdbcDatasetStore(db, 10, rows -> {
        if (rows == 20) throw new IllegalStateException("disk full");
      });
      datasets.create("intents", "test", false, AT,
          sink -> IntStream.range(0, 25).forEach(i -> sink.add(new DatasetInput.Text("q" + i), null, Map.of())));

      assertThatThrownBy(() -> datasets.create("intents", "daily", true, AT,
          sink -> sink.add(new DatasetInput.Text("new"), null, Map.of()))).hasMessage("disk full");

      assertThat(datasets.versions("intents")).extracting(DatasetVersion::items).containsExactly(25);
      assertThat(datasets.find("intents", 2)).isEmpty();
      assertThat(rows(db)).as("the two chunks copied are removed with their version").isEqualTo(25);
    }
  }

  private static long rows(Database db) {
    return db.read(c -> {
      try (var ps = c.prepareStatement("SELECT COUNT(*) FROM dataset_items"); var rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }
}
