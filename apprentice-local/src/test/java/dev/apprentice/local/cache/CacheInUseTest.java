package dev.apprentice.local.cache;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.apache.lucene.store.LockObtainFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheInUseTest {

  @TempDir Path dir;
  private final CacheFixture fixture = new CacheFixture();

  @Test
  void aCacheAnotherProcessHoldsIsRefusedWithTheCauseAndWhatToDo() {
    try (LuceneResponseCache server = fixture.open(dir)) {
      assertThatThrownBy(() -> fixture.open(dir)).isInstanceOf(CacheInUseException.class)
          .hasMessageContaining("the response cache in " + dir)
          .hasMessageContaining("in use by another apprentice process (a server running on this data directory?)")
          .hasMessageContaining("--data-dir").hasMessageContaining("--url")
          .hasCauseInstanceOf(LockObtainFailedException.class);
    }
  }
}
