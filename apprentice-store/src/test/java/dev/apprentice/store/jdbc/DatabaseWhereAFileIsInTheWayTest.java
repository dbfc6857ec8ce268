package dev.apprentice.store.jdbc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database whose folder cannot be made (a data_dir that names a file, say) is refused in words, not class names. */
class DatabaseWhereAFileIsInTheWayTest {

  @TempDir Path dir;

  @Test
  void aFileWhereTheDatabaseFolderGoesIsNamedAsAFileNotAFolder() throws Exception {
    Path file = Files.writeString(dir.resolve("data"), "not a folder");
    Path database = file.resolve("apprentice.db");

    assertThatThrownBy(() -> Database.openSqlite("jdbc:sqlite:" + database))
        .isInstanceOf(StoreException.class)
        .hasMessage("cannot create the directory of the database " + database + ": " + file
            + " is a file, not a folder");
  }
}
