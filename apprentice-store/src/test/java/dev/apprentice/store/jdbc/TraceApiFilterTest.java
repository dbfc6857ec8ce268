package dev.apprentice.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.trace.TraceDetails;
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

/** The wire API a call came through is kept with its trace, and traces filter by it. */
class TraceApiFilterTest {

  @TempDir Path dir;
  private Store store;

  @BeforeEach
  void open() {
    store = Store.open("jdbc:sqlite:" + dir.resolve("apprentice.db"));
    store.traces().append(List.of(
        Traces.trace("chat", 0).build(),
        Traces.trace("resp", 10).details(TraceDetails.NONE.withPrompt("triage@1").withApi(TraceDetails.RESPONSES))
            .build(),
        Traces.trace("embed", 20).details(TraceDetails.embeddings(null, List.of())).build()));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private List<String> byApi(String api) {
    List<String> ids = new ArrayList<>();
    store.traces().export(new TraceQuery(null, null, null, null, null, null, null, null, null, null, null, api),
        trace -> ids.add(trace.id()));
    return ids;
  }

  @Test
  void aResponsesCallReadsBackAsOneAndEveryOtherAsItsOperationsOwnApi() {
    assertThat(store.traces().find("resp").orElseThrow().details().wireApi()).isEqualTo("responses");
    assertThat(store.traces().find("resp").orElseThrow().details().prompt()).isEqualTo("triage@1");
    assertThat(store.traces().find("chat").orElseThrow().details().wireApi()).isEqualTo("chat_completions");
    assertThat(store.traces().find("embed").orElseThrow().details().wireApi()).isEqualTo("embeddings");
  }

  @Test
  void theApiFilterListsTheCallsOfOneApi() {
    assertThat(byApi("responses")).containsExactly("resp");
    assertThat(byApi("chat_completions")).containsExactly("chat");
    assertThat(byApi("embeddings")).containsExactly("embed");
    assertThat(byApi(null)).containsExactly("chat", "resp", "embed");
  }

  @Test
  void aResponsesCallIsAChatOperation() {
    List<String> chat = new ArrayList<>();
    store.traces().export(new TraceQuery(null, null, null, null, null, null, null, null, null, "chat"),
        trace -> chat.add(trace.id()));

    assertThat(chat).containsExactly("chat", "resp");
  }

  @Test
  void anUnknownApiIsRefused() {
    assertThatThrownBy(() -> byApi("completions")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chat_completions, responses or embeddings");
  }
}
