package dev.apprentice.server.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.local.collection.CollectionException;
import dev.apprentice.local.collection.Collections;
import dev.apprentice.local.collection.NewDocument;
import dev.apprentice.testing.WordHashEmbedder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The server gives back in the background the write locks of collections it has stopped writing. */
class IdleCollectionWritersTest {

  @TempDir Path dir;

  @Test
  @Timeout(60)
  void aCollectionTheServerStoppedWritingCanBeChangedByAnotherProcessOnceItsLockIsGivenBack() throws Exception {
    WordHashEmbedder embedder = new WordHashEmbedder();
    try (Collections server = new Collections(dir, () -> embedder);
        Collections cli = new Collections(dir, () -> embedder)) {
      server.create("kb");
      server.add("kb", List.of(new NewDocument("refunds", "refunds take five days", null, null)));
      try (IdleCollectionWriters writers = IdleCollectionWriters.start(server, Duration.ZERO, Duration.ofMillis(1))) {
        while (!added(cli)) Thread.sleep(1); // until a round has given the lock back
      }
      assertThat(cli.describe("kb").documents()).isEqualTo(2);
    }
  }

  private static boolean added(Collections cli) {
    try {
      cli.add("kb", List.of(new NewDocument("returns", "returns are free", null, null)));
      return true;
    } catch (CollectionException e) {
      assertThat(e.getMessage()).contains("in use by another process");
      return false;
    }
  }
}
