package dev.apprentice.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.trace.TraceDetails;
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

/** The prompt a call was made with is stored on its trace, and traces filter by prompt, tag and time range. */
class TracePromptAndTagFilterTest {

  @TempDir Path dir;
  private Store store;

  @BeforeEach
  void open() {
    store = Store.open("jdbc:sqlite:" + dir.resolve("apprentice.db"));
    store.traces().append(List.of(
        trace("t1", 0, "triage@1", List.of("prod", "batch")),
        trace("t2", 10, "triage@2", List.of("prod")),
        trace("t3", 20, "triage_v2@1", List.of("Prod")),
        trace("t4", 30, null, List.of("batch-2"))));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static TraceRecord trace(String id, int seconds, String prompt, List<String> tags) {
    TraceRecord t = Traces.trace(id, seconds).build();
    return new TraceRecord(t.id(), t.startedAt(), t.tenant(), t.keyId(), t.model(), t.provider(), t.upstreamModel(),
        t.responseModel(), t.systemFingerprint(), t.stream(), t.status(), t.errorCode(), t.errorMessage(), t.tokens(),
        t.usageEstimated(), t.costUsd(), t.latencyMs(), t.ttftMs(), t.overheadMs(), t.cache(), t.user(), tags,
        t.metadata(), t.request(), t.response(), t.attempts(), TraceDetails.NONE.withPrompt(prompt));
  }

  private List<String> ids(String prompt, String tag, Integer fromSecond, Integer untilSecond) {
    TraceQuery query = new TraceQuery(null, null, null, null,
        fromSecond == null ? null : Traces.DAY_ONE.plusSeconds(fromSecond), null, prompt, tag,
        untilSecond == null ? null : Traces.DAY_ONE.plusSeconds(untilSecond));
    List<String> ids = new ArrayList<>();
    store.traces().export(query, t -> ids.add(t.id()));
    return ids;
  }

  @Test
  void theOperationFilterTellsChatCallsFromEmbeddingsCalls() {
    TraceRecord t = Traces.trace("e1", 40).build();
    store.traces().append(List.of(new TraceRecord(t.id(), t.startedAt(), t.tenant(), t.keyId(), "embed", t.provider(),
        t.upstreamModel(), t.responseModel(), null, false, 200, null, null, t.tokens(), false, t.costUsd(),
        t.latencyMs(), null, t.overheadMs(), null, null, List.of(), java.util.Map.of(), null, null, t.attempts(),
        TraceDetails.embeddings(null, List.of()))));

    assertThat(byOperation("embeddings")).containsExactly("e1");
    assertThat(byOperation("chat")).containsExactly("t1", "t2", "t3", "t4");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> byOperation("images"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chat or embeddings");
  }

  private List<String> byOperation(String operation) {
    List<String> ids = new ArrayList<>();
    store.traces().export(new TraceQuery(null, null, null, null, null, null, null, null, null, operation),
        trace -> ids.add(trace.id()));
    return ids;
  }

  @Test
  void thePromptIsStoredWithTheTrace() {
    assertThat(store.traces().find("t2").orElseThrow().details().prompt()).isEqualTo("triage@2");
    assertThat(store.traces().find("t4").orElseThrow().details()).isEqualTo(TraceDetails.NONE);
    assertThat(store.traces().list(TraceQuery.all())).extracting(t -> t.details().prompt())
        .containsExactly(null, "triage_v2@1", "triage@2", "triage@1");
  }

  @Test
  void aPromptNameMatchesEveryVersionAndNameAtVersionOnlyThatOne() {
    assertThat(ids("triage", null, null, null)).containsExactly("t1", "t2");
    assertThat(ids("triage@2", null, null, null)).containsExactly("t2");
    assertThat(ids("triage_v2", null, null, null)).containsExactly("t3");
    assertThat(ids("tri", null, null, null)).isEmpty();
  }

  @Test
  void aPromptNameDoesNotMatchNamesThatOnlyShareItsBeginning() {
    store.traces().append(List.of(trace("t5", 40, "triageA@1", List.of()), trace("t6", 50, "triage?@1", List.of()),
        trace("t7", 60, "triage", List.of()), trace("t8", 70, "triage@", List.of())));

    assertThat(ids("triage", null, null, null)).containsExactly("t1", "t2", "t8");
    assertThat(ids("triageA", null, null, null)).containsExactly("t5");
  }

  @Test
  void aTagMatchesExactlyAndCaseSensitively() {
    assertThat(ids(null, "prod", null, null)).containsExactly("t1", "t2");
    assertThat(ids(null, "Prod", null, null)).containsExactly("t3");
    assertThat(ids(null, "batch", null, null)).containsExactly("t1");
    assertThat(ids(null, "bat", null, null)).isEmpty();
  }

  @Test
  void aTagThatEndsAnotherTagWrittenWithAQuoteDoesNotMatchIt() {
    store.traces().append(List.of(trace("t5", 40, null, List.of("say \"prod", "c&d\""))));

    assertThat(ids(null, "prod", null, null)).containsExactly("t1", "t2");
    assertThat(ids(null, "", null, null)).isEmpty();
    assertThat(ids(null, "c&d\"", null, null)).containsExactly("t5");
  }

  @Test
  void sinceAndUntilBoundATimeRange() {
    assertThat(ids(null, null, 10, 30)).containsExactly("t2", "t3");
    assertThat(ids("triage", "prod", 5, null)).containsExactly("t2");
  }
}
