package dev.apprentice.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.store.Store;
import dev.apprentice.store.TraceQuery;
import dev.apprentice.store.Traces;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Traces filter out calls carrying a tag: the evaluation's own calls out of a dataset built from traffic, say. */
class TraceExcludeTagFilterTest {

  @TempDir Path dir;
  private Store store;

  @BeforeEach
  void open() {
    store = Store.open("jdbc:sqlite:" + dir.resolve("apprentice.db"));
    store.traces().append(List.of(
        trace("t1", 0, List.of("prod", "batch")),
        trace("t2", 10, List.of("prod")),
        trace("t3", 20, List.of("Prod")),
        trace("t4", 30, List.of("batch-2")),
        trace("t5", 40, List.of("eval", "run-1", "baseline")),
        trace("t6", 50, List.of())));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static TraceRecord trace(String id, int seconds, List<String> tags) {
    return Traces.trace(id, seconds).tags(tags).build();
  }

  private static TraceQuery query(Integer limit, String tag, String... excluded) {
    return new TraceQuery(limit, null, null, null, null, null, null, tag, null, null, null, null, List.of(excluded));
  }

  private List<String> exported(String tag, String... excluded) {
    List<String> ids = new ArrayList<>();
    store.traces().export(query(null, tag, excluded), t -> ids.add(t.id()));
    return ids;
  }

  @Test
  void aTagWithACommaWhichNoTraceCanKeepMatchesNoCallAndLeavesNoneOutNotEvenOneWhoseListSpellsIt() {
    store.traces().append(List.of(trace("t7", 60, List.of("x[", "y"))));

    assertThat(exported(",")).isEmpty();
    assertThat(exported("x[\",\"y")).isEmpty();
    assertThat(exported(null, ",")).containsExactly("t1", "t2", "t3", "t4", "t5", "t6", "t7");
    assertThat(exported(null, "x[\",\"y")).containsExactly("t1", "t2", "t3", "t4", "t5", "t6", "t7");
  }

  @Test
  void aTagLeftOutRemovesEveryCallCarryingItAndKeepsCallsWithoutTags() {
    assertThat(exported(null, "eval")).containsExactly("t1", "t2", "t3", "t4", "t6");
    assertThat(exported(null, "batch")).containsExactly("t2", "t3", "t4", "t5", "t6");
  }

  @Test
  void aTagLeftOutIsMatchedWholeAndCaseSensitively() {
    assertThat(exported(null, "bat")).containsExactly("t1", "t2", "t3", "t4", "t5", "t6");
    assertThat(exported(null, "Prod")).containsExactly("t1", "t2", "t4", "t5", "t6");
    assertThat(exported(null, "eva", "run")).containsExactly("t1", "t2", "t3", "t4", "t5", "t6");
  }

  @Test
  void aTagThatEndsAnotherTagWrittenWithAQuoteIsNotLeftOutWithIt() {
    store.traces().append(List.of(trace("t7", 60, List.of("say \"eval"))));

    assertThat(exported(null, "eval")).containsExactly("t1", "t2", "t3", "t4", "t6", "t7");
    assertThat(exported(null, "say \"eval")).containsExactly("t1", "t2", "t3", "t4", "t5", "t6");
  }

  @Test
  void severalTagsLeftOutEachRemoveTheirCallsAndCombineWithTheTagFilter() {
    assertThat(exported(null, "prod", "batch-2", "eval")).containsExactly("t3", "t6");
    assertThat(exported("prod", "batch")).containsExactly("t2");
  }

  @Test
  void aPageAndItsLimitCountOnlyTheCallsNotLeftOut() {
    assertThat(store.traces().list(query(2, null, "eval", "Prod"))).extracting(TraceRecord::id)
        .containsExactly("t6", "t4");
    assertThat(store.traces().page(query(2, null, "eval", "Prod")).hasMore()).isTrue();
    List<String> limited = new ArrayList<>();
    store.traces().export(query(2, null, "prod"), t -> limited.add(t.id()));
    assertThat(limited).containsExactly("t3", "t4");
  }

  @Test
  void aLimitlessCopyOfTheQueryKeepsTheTagsLeftOut() {
    assertThat(query(2, null, "eval").withoutLimit().excludeTags()).containsExactly("eval");
    assertThat(new TraceQuery(null, null, null, null, null, null).excludeTags()).isEmpty();
  }
}
