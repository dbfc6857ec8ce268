package dev.apprentice.local.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Collections opened read-only are queried beside the process that holds them for writing (a server). */
class ReadOnlyCollectionsTest {

  @TempDir Path dir;
  private final HashingEmbedder embedder = new HashingEmbedder();

  private Collections writing() {
    return new Collections(dir.resolve("collections"), () -> embedder);
  }

  private Collections readOnly() {
    return Collections.readOnly(dir.resolve("collections"), () -> embedder, Clock.systemUTC());
  }

  private static NewDocument doc(String id, String text) {
    return new NewDocument(id, text, id + ".txt", null);
  }

  @Test
  void aCollectionHeldForWritingIsQueriedReadOnlyWithTheDocumentsCommittedSince() {
    try (Collections server = writing(); Collections evaluation = readOnly()) {
      server.create("kb");
      server.add("kb", List.of(doc("refunds", "refunds take five days")));

      assertThat(evaluation.query("kb", "how long do refunds take", 5)).extracting(CollectionHit::documentId)
          .containsExactly("refunds");
      assertThat(evaluation.describe("kb").documents()).isEqualTo(1);

      server.add("kb", List.of(doc("returns", "returns are free within thirty days")));

      assertThat(evaluation.query("kb", "are returns free", 5)).extracting(CollectionHit::documentId)
          .containsExactlyInAnyOrder("refunds", "returns");
    }
  }

  @Test
  void readOnlyCollectionsRefuseEveryChange() {
    try (Collections server = writing(); Collections evaluation = readOnly()) {
      server.create("kb");
      server.add("kb", List.of(doc("refunds", "refunds take five days")));

      assertThatThrownBy(() -> evaluation.add("kb", List.of(doc("more", "more text"))))
          .isInstanceOfSatisfying(CollectionException.class,
              e -> assertThat(e.reason()).isEqualTo(CollectionException.Reason.UNAVAILABLE))
          .hasMessageContaining("read-only");
      assertThatThrownBy(() -> evaluation.removeDocument("kb", "refunds")).hasMessageContaining("read-only");
      assertThatThrownBy(() -> evaluation.create("other")).hasMessageContaining("read-only");
      assertThatThrownBy(() -> evaluation.delete("kb")).hasMessageContaining("read-only");
      assertThat(server.describe("kb").documents()).isEqualTo(1);
    }
  }
}
