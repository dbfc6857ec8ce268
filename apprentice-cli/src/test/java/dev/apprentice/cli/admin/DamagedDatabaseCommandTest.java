package dev.apprentice.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's promise for a database that cannot be opened: any command on the data directory stops with one line
 * that names the file and says what to do, exit 1, and leaves the file as it is.
 */
class DamagedDatabaseCommandTest {

  @TempDir Path dir;

  @Test
  void aFileThatIsNoDatabaseStopsACommandOnTheDataDirectoryInOneLineWithStatusOne() throws Exception {
    Path db = Files.writeString(dir.resolve("apprentice.db"), "notes, not a database ".repeat(500));

    for (String[] command : new String[][] {{"traces", "list"}, {"keys", "list"}, {"datasets", "list"}}) {
      String[] args = java.util.Arrays.copyOf(command, command.length + 2);
      args[command.length] = "--data-dir";
      args[command.length + 1] = dir.toString();
      Cli.Run run = Cli.run(args);
      assertThat(run.exit()).as(String.join(" ", command) + ": " + run.err()).isEqualTo(1);
      assertThat(run.err()).as(String.join(" ", command)).isEqualTo("apprentice: cannot open the database " + db
          + ": the file is not an SQLite database: restore it from a backup, or move it away to start with an empty"
          + " one\n");
    }
    assertThat(Files.readString(db)).isEqualTo("notes, not a database ".repeat(500));
  }
}
