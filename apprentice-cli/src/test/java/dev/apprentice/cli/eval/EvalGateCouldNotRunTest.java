package dev.apprentice.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.cli.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gate that could not check anything exits 3, not 1: CI must tell "the model got worse" from "the gate could not
 * run".
 */
class EvalGateCouldNotRunTest {

  @TempDir
  Path dir;

  private Path config;
  private Path data;

  @BeforeEach
  void writeFiles() throws Exception {
    EvalFixture.writeItems(dir);
    config = EvalFixture.writeConfig(dir);
    data = dir.resolve("data");
  }

  private CommandRun eval(String... args) {
    String[] all = new String[args.length + 5];
    all[0] = "eval";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--config";
    all[args.length + 2] = config.toString();
    all[args.length + 3] = "--data-dir";
    all[args.length + 4] = data.toString();
    return EvalFixture.cli(all);
  }

  @Test
  void aStoreThatCannotBeReadIsExitThreeNotARegression() throws Exception {
    Files.createDirectories(data);
    Files.writeString(data.resolve("apprentice.db"), "this is not a SQLite database, but it is where one should be");

    CommandRun gate = eval("gate", "ev-1");

    assertThat(gate.exit()).as(gate.out() + gate.err()).isEqualTo(3);
    assertThat(gate.err()).startsWith("apprentice: the gate could not run (exit 3, not a regression): ")
        .hasLineCount(1);
    assertThat(gate.out()).doesNotContain("gate failed").doesNotContain("gate passed");
  }

  @Test
  void aStoredSuiteThatCannotBeParsedIsExitThreeNotARegression() throws Exception {
    String id = EvalFixture.runId(eval("run", EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "").toString(),
        "--no-progress"));
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("apprentice.db"));
        PreparedStatement update = db.prepareStatement("UPDATE eval_runs SET suite_text = ? WHERE id = ?")) {
      update.setString(1, "variants: [unclosed");
      update.setString(2, id);
      assertThat(update.executeUpdate()).isEqualTo(1);
    }

    CommandRun gate = eval("gate", id, "--baseline", id);

    assertThat(gate.exit()).as(gate.out() + gate.err()).isEqualTo(3);
    assertThat(gate.err()).startsWith("apprentice: the gate could not run (exit 3, not a regression): ")
        .hasLineCount(1);
    assertThat(gate.out()).doesNotContain("gate failed");
  }
}
