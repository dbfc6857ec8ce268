package dev.apprentice.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.cli.CommandRun;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval run --tenant T} in-process books the calls to a tenant as a key of it would be: a tenant the config's
 * {@code tenants:} section does not name (its calls would be held to no limits or budget) and the names the gateway
 * keeps for itself are refused before any call, as {@code keys create} refuses them.
 */
class EvalRunTenantTest {

  @TempDir
  Path dir;

  private Path config;
  private Path suite;

  @BeforeEach
  void writeFiles() throws Exception {
    EvalFixture.writeItems(dir);
    // the reservation kept small: with the default reserve_output_tokens one call of sim-large is worth more than
    // acme's whole budget, and a variant whose every call is refused for a budget ends the run budget_exhausted
    config = EvalFixture.writeConfig(dir, """
        tenants:
          acme: { budget_usd_per_day: 5 }
          globex: { rpm: 1000 }
        limits: { reserve_output_tokens: 16 }
        """);
    suite = EvalFixture.writeSuite(dir, "suite.yaml", "{{category}}", "pilot_items: 0");
  }

  private CommandRun run(String tenant) {
    return EvalFixture.cli("eval", "run", suite.toString(), "--config", config.toString(), "--data-dir",
        dir.resolve("data").toString(), "--no-progress", "--tenant", tenant);
  }

  private void assertNoRun() {
    assertThat(EvalFixture.cli("eval", "list", "--data-dir", dir.resolve("data").toString()).out())
        .contains("no evaluation runs yet");
  }

  @Test
  void aTenantTheConfiguredTenantsDoNotNameIsRefusedBeforeAnyCallWithTheClosestOne() {
    CommandRun run = run("Acme");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("apprentice: --tenant: unknown tenant 'Acme' (did you mean 'acme'?): the "
        + "config's tenants: section names acme, globex, and calls of any other tenant are held to no tenant limits "
        + "or budget: name one of them, or add the tenant to the config's tenants: section" + System.lineSeparator());
    assertNoRun();
  }

  @Test
  void theTenantsTheGatewayUsesForItselfAndNamesNoTenantCouldHaveAreRefused() {
    for (String reserved : new String[] {"admin", "Unauthenticated", "none"}) {
      CommandRun run = run(reserved);

      assertThat(run.exit()).as(reserved).isEqualTo(2);
      assertThat(run.err()).as(reserved).startsWith("apprentice: --tenant: '" + reserved + "' is reserved: ")
          .hasLineCount(1);
    }
    CommandRun spaced = run("acme corp");
    assertThat(spaced.exit()).isEqualTo(2);
    assertThat(spaced.err()).startsWith("apprentice: --tenant: a tenant name is 1-64 letters, digits, '.', '_' or '-',"
        + " starting with a letter or digit; got 'acme corp'");
    assertNoRun();
  }

  @Test
  void aConfiguredTenantIsTakenAndSoIsDefaultWhichARunWithoutTenantIsBookedTo() {
    CommandRun acme = run("acme");
    CommandRun fallback = run("default");

    assertThat(acme.exit()).as(acme.out() + acme.err()).isZero();
    assertThat(acme.out()).contains("as tenant acme)");
    assertThat(fallback.exit()).as(fallback.out() + fallback.err()).isZero();
    assertThat(fallback.out()).contains("as tenant default)");
  }
}
