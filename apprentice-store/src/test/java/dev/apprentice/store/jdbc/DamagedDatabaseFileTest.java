package dev.apprentice.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.store.Store;
import dev.apprentice.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database file that is damaged, or is no database at all, is refused in one line that names it and says what to
 * do, without the driver's codes, and is left as it was: an operator may still restore what is in it.
 */
class DamagedDatabaseFileTest {

  @TempDir Path dir;

  @Test
  void aTruncatedDatabaseIsNamedAsDamagedAndLeftAsItIs() throws Exception {
    Path file = dir.resolve("apprentice.db");
    Store.open("jdbc:sqlite:" + file).close();
    byte[] whole = Files.readAllBytes(file);
    byte[] truncated = Arrays.copyOf(whole, 5000);
    Files.write(file, truncated);

    assertThatThrownBy(() -> Store.open("jdbc:sqlite:" + file)).isInstanceOf(StoreException.class)
        .hasMessage("cannot open the database " + file + ": the database file is damaged (SQLite: database disk "
            + "image is malformed): restore it from a backup, or move it away (with its -wal and -shm files) to start "
            + "with an empty one");
    assertThat(Files.readAllBytes(file)).isEqualTo(truncated);
  }

  @Test
  void aFileThatIsNoDatabaseIsNamedSoAndLeftAsItIs() throws Exception {
    Path file = Files.writeString(dir.resolve("apprentice.db"), "notes, not a database ".repeat(500));

    assertThatThrownBy(() -> Store.open("jdbc:sqlite:" + file)).isInstanceOf(StoreException.class)
        .hasMessage("cannot open the database " + file + ": the file is not an SQLite database: restore it from a "
            + "backup, or move it away to start with an empty one");
    assertThat(Files.readString(file)).isEqualTo("notes, not a database ".repeat(500));
  }
}
