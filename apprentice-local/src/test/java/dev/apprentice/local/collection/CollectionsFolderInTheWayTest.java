package dev.apprentice.local.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file where the collections folder should be: creating a collection is refused saying so, in the words the rest of
 * Apprentice uses for a file in a folder's place, not as a collection that exists already.
 */
class CollectionsFolderInTheWayTest {

  @TempDir Path dir;

  @Test
  void aCollectionCannotBeCreatedWhereTheCollectionsFolderIsAFileAndTheRefusalSaysSo() throws Exception {
    Path root = Files.writeString(dir.resolve("collections"), "not a folder");
    try (Collections collections = new Collections(root, HashingEmbedder::new)) {
      assertThatThrownBy(() -> collections.create("kb")).isInstanceOfSatisfying(CollectionException.class,
              e -> assertThat(e.reason()).isEqualTo(CollectionException.Reason.UNAVAILABLE))
          .hasMessage("cannot create collection 'kb' under " + root + ": " + root + " is a file, not a folder");
    }
  }
}
