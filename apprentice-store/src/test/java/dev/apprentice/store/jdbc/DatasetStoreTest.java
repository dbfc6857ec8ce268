package dev.apprentice.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.Message;
import dev.apprentice.api.dataset.DatasetInput;
import dev.apprentice.api.dataset.DatasetItem;
import dev.apprentice.api.dataset.DatasetRef;
import dev.apprentice.api.dataset.DatasetVersion;
import dev.apprentice.store.DatasetStore;
import dev.apprentice.store.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetStoreTest {

  private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path dir;
  private Store store;
  private DatasetStore datasets;

  @BeforeEach
  void open() {
    store = Store.open("jdbc:sqlite:" + dir.resolve("apprentice.db"));
    datasets = store.datasets();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private DatasetVersion texts(String name, boolean append, String... inputs) {
    return datasets.create(name, "test", append, AT, sink -> {
      for (String input : inputs) sink.add(new DatasetInput.Text(input), input.toUpperCase(), Map.of("len", input.length()));
    });
  }

  @Test
  void itemsRoundTripWithTextAndChatInputsAnyExpectedJsonAndMetadata() {
    List<Message> chat = List.of(Message.system("Be brief."), Message.user("What is 2+2?"));
    datasets.create("mixed", "test", false, AT, sink -> {
      sink.add(new DatasetInput.Text("card lost"), "lost_card", Map.of("split", "test"));
      sink.add(new DatasetInput.Chat(chat), Map.of("answer", 4, "units", List.of("none")), Map.of());
      sink.add(new DatasetInput.Text("no reference"), null, Map.of("nested", Map.of("a", true)));
    });

    List<DatasetItem> items = datasets.items("mixed", 1);

    assertThat(items).hasSize(3);
    assertThat(items.get(0)).isEqualTo(new DatasetItem(0, new DatasetInput.Text("card lost"), "lost_card", Map.of("split", "test")));
    assertThat(items.get(1).input()).isEqualTo(new DatasetInput.Chat(chat));
    assertThat(items.get(1).input().text()).isEqualTo("What is 2+2?");
    assertThat(items.get(1).expected()).isEqualTo(Map.of("answer", 4, "units", List.of("none")));
    assertThat(items.get(2).expected()).isNull();
    assertThat(items.get(2).metadata()).isEqualTo(Map.of("nested", Map.of("a", true)));
  }

  @Test
  void everyCreateMakesTheNextVersionAndOlderVersionsKeepTheirItems() {
    DatasetVersion first = texts("intents", false, "a", "b");
    DatasetVersion second = texts("intents", false, "c");
    DatasetVersion third = texts("intents", true, "d", "e");

    assertThat(List.of(first.version(), second.version(), third.version())).containsExactly(1, 2, 3);
    assertThat(third.items()).isEqualTo(3);
    assertThat(datasets.items("intents", 1)).extracting(i -> i.input().text()).containsExactly("a", "b");
    assertThat(datasets.items("intents", 2)).extracting(i -> i.input().text()).containsExactly("c");
    assertThat(datasets.items("intents", 3)).extracting(i -> i.input().text()).containsExactly("c", "d", "e");
    assertThat(datasets.items("intents", 3)).extracting(DatasetItem::index).containsExactly(0, 1, 2);
    assertThat(datasets.find("intents", null)).contains(third);
    assertThat(datasets.find(DatasetRef.parse("intents@1"))).contains(first);
    assertThat(datasets.find("intents", 4)).isEmpty();
    assertThat(datasets.versions("intents")).extracting(DatasetVersion::items).containsExactly(2, 1, 3);
  }

  @Test
  void aSourceThatFailsPartWayStoresNothing() {
    texts("intents", false, "a");

    assertThatThrownBy(() -> datasets.create("intents", "test", false, AT, sink -> {
      for (int i = 0; i < 1200; i++) sink.add(new DatasetInput.Text("row " + i), null, Map.of());
      throw new IllegalArgumentException("line 1201: broken");
    })).hasMessage("line 1201: broken");

    assertThat(datasets.versions("intents")).hasSize(1);
    assertThat(datasets.find("intents", null).orElseThrow().items()).isEqualTo(1);
    assertThat(texts("intents", false, "b").version()).isEqualTo(2);
  }

  @Test
  void whileAVersionIsBeingWrittenOtherWritesGoOnAndNoReaderSeesIt() {
    texts("intents", false, "a");
    List<String> seen = new ArrayList<>();

    DatasetVersion made = datasets.create("intents", "test", false, AT, sink -> {
      for (int i = 0; i < 1200; i++) sink.add(new DatasetInput.Text("row " + i), null, Map.of());
      // another thread writes (as the trace writer does) while this source is still reading
      var other = new java.util.concurrent.CompletableFuture<String>();
      Thread.ofPlatform().daemon().start(() -> other.complete(texts("tickets", false, "b").id()));
      try {
        seen.add(other.get(10, java.util.concurrent.TimeUnit.SECONDS));
      } catch (Exception e) {
        throw new AssertionError("another write was held back by the import", e);
      }
      seen.add(String.valueOf(datasets.versions("intents").size()));
      seen.add(String.valueOf(datasets.find("intents", 2).isPresent()));
    });

    assertThat(seen).containsExactly("tickets@1", "1", "false");
    assertThat(made.items()).isEqualTo(1200);
    assertThat(datasets.find("intents", null).orElseThrow().version()).isEqualTo(2);
  }

  @Test
  void aVersionWithNothingNewIsRefused() {
    assertThatThrownBy(() -> datasets.create("empty", "test", false, AT, sink -> {}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no items");
    texts("intents", false, "a");
    assertThatThrownBy(() -> datasets.create("intents", "test", true, AT, sink -> {}))
        .hasMessageContaining("nothing to append")
        .isInstanceOfSatisfying(DatasetStore.NothingNew.class, e -> assertThat(e.latest().id()).isEqualTo("intents@1"));
    assertThatThrownBy(() -> datasets.create("fresh", "test", true, AT, sink -> {}))
        .as("an append with no version to build on").isNotInstanceOf(DatasetStore.NothingNew.class)
        .hasMessageContaining("no items");
    assertThat(datasets.list()).extracting(DatasetVersion::id).containsExactly("intents@1");
  }

  @Test
  void largeVersionsStreamAndPageInOrder() {
    datasets.create("big", "test", false, AT, sink -> {
      for (int i = 0; i < 12_345; i++) sink.add(new DatasetInput.Text("q" + i), "a" + i, Map.of());
    });
    List<Integer> seen = new ArrayList<>();

    datasets.forEachItem("big", 1, item -> seen.add(item.index()));

    assertThat(seen).hasSize(12_345);
    assertThat(seen).isSorted();
    assertThat(datasets.items("big", 1, 12_340, 100)).extracting(i -> i.input().text())
        .containsExactly("q12340", "q12341", "q12342", "q12343", "q12344");
    assertThat(datasets.find("big", 1).orElseThrow().items()).isEqualTo(12_345);
  }

  @Test
  void theListHoldsTheNewestVersionOfEachDatasetByName() {
    texts("zeta", false, "a");
    texts("alpha", false, "a");
    texts("alpha", false, "b", "c");

    assertThat(datasets.list()).extracting(DatasetVersion::id).containsExactly("alpha@2", "zeta@1");
    assertThatThrownBy(() -> DatasetRef.parse("Alpha@1")).isInstanceOf(IllegalArgumentException.class);
    assertThat(DatasetRef.parse("alpha")).isEqualTo(new DatasetRef("alpha", null));
  }
}
