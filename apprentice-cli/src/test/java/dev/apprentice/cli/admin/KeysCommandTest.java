package dev.apprentice.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private Cli.Run keys(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "keys";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--data-dir";
    all[args.length + 2] = dir.resolve("data").toString();
    return Cli.run(all);
  }

  @Test
  void aCreatedKeyIsShownOnceThenListedWithoutItsSecretAndListedRevokedAfterRevoke() {
    Cli.Run created = keys("create", "--tenant", "acme", "--name", "ci bot", "--models", "sim-echo,sim-lorem",
        "--rpm", "60", "--tpm", "10000", "--budget-usd-day", "5", "--budget-usd-month", "100.5");
    assertThat(created.exit()).isZero();
    String key = created.out().lines().map(String::strip).filter(l -> l.startsWith("ak-")).findFirst().orElseThrow();
    String id = key.split("-")[1];
    assertThat(created.out()).contains("shown only once").contains("acme").contains(id);

    Cli.Run listed = keys("list");
    assertThat(listed.exit()).isZero();
    assertThat(listed.out()).contains(id).contains("acme").contains("ci bot").contains("sim-echo,sim-lorem")
        .contains("rpm 60, tpm 10000, $5/day, $100.5/month").doesNotContain(key).doesNotContain(key.substring(16));
    assertThat(listed.out().lines().filter(l -> l.contains(id)).findFirst().orElseThrow()).endsWith("-");

    Cli.Run revoked = keys("revoke", id);
    assertThat(revoked.exit()).isZero();
    assertThat(revoked.out()).contains("revoked key " + id);

    String row = keys("list").out().lines().filter(l -> l.contains(id)).findFirst().orElseThrow();
    assertThat(row).doesNotEndWith("-").matches(".*\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\s+\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$");
  }

  @Test
  void jsonOutputHasTheAdminApiShapeAndOnlyCreateCarriesTheKey() throws Exception {
    JsonNode created = JSON.readTree(keys("create", "--tenant", "acme", "--rpm", "5", "--json").out());
    assertThat(created.get("object").asText()).isEqualTo("key");
    assertThat(created.get("tenant").asText()).isEqualTo("acme");
    assertThat(created.get("name").asText()).isEqualTo("acme key");
    assertThat(created.get("rpm").asInt()).isEqualTo(5);
    assertThat(created.get("key").asText()).startsWith("ak-" + created.get("id").asText() + "-");

    JsonNode listed = JSON.readTree(keys("list", "--json").out());
    assertThat(listed.get("object").asText()).isEqualTo("list");
    assertThat(listed.get("data")).hasSize(1);
    assertThat(listed.get("data").get(0).get("id")).isEqualTo(created.get("id"));
    assertThat(listed.get("data").get(0).has("key")).isFalse();
  }

  @Test
  void aKeyCreatedWithABoundOnCallsInFlightAndALifetimeIsListedActiveWithItsExpiry() throws Exception {
    Cli.Run created = keys("create", "--tenant", "acme", "--max-concurrent", "3", "--expires-in", "90d");
    assertThat(created.exit()).isZero();
    assertThat(created.out()).contains("limits: max_concurrent 3; expires ");

    JsonNode listed = JSON.readTree(keys("list", "--json").out()).get("data").get(0);
    assertThat(listed.get("max_concurrent").asInt()).isEqualTo(3);
    assertThat(listed.get("state").asText()).isEqualTo("active");
    Duration lifetime = Duration.between(Instant.parse(listed.get("created_at").asText()),
        Instant.parse(listed.get("expires_at").asText()));
    assertThat(lifetime).as("90 days from when the command ran, to the second")
        .isBetween(Duration.ofDays(90).minusMinutes(1), Duration.ofDays(90));
    String row = keys("list").out().lines().filter(l -> l.contains(listed.get("id").asText())).findFirst().orElseThrow();
    assertThat(row).contains("max_concurrent 3").contains("active").contains(Cells.time(listed, "expires_at"));
  }

  @Test
  void aLifetimeThatIsNotAWholeNumberOfDaysOrHoursExitsTwoNamingTheOptionAndCreatesNothing() {
    for (String bad : new String[] {"90", "3w", "0d", "-1d", "12.5h", "d"}) {
      Cli.Run run = keys("create", "--tenant", "acme", "--expires-in", bad);
      assertThat(run.exit()).as("--expires-in %s", bad).isEqualTo(2);
      assertThat(run.err().strip()).isEqualTo("apprentice: --expires-in must be a whole number of days or hours, at"
          + " least 1, such as 90d or 12h; got '" + bad + "'");
    }
    Cli.Run tooLong = keys("create", "--tenant", "acme", "--expires-in", "36501d");
    assertThat(tooLong.err().strip()).isEqualTo("apprentice: --expires-in must be at most 36500d (100 years); got '36501d'");
    Cli.Run none = keys("create", "--tenant", "acme", "--max-concurrent", "0");
    assertThat(none.err().strip()).isEqualTo("apprentice: --max-concurrent must be a positive whole number; got 0");
    assertThat(Files.exists(dir.resolve("data"))).isFalse();
  }

  @Test
  void anUnknownModelExitsTwoNamingTheModelsAKeyMayCall() {
    Cli.Run run = keys("create", "--tenant", "acme", "--models", "gpt-9");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo("apprentice: unknown model 'gpt-9' (known: sim-echo, sim-lorem, local/all-minilm-l6-v2)");
    assertThat(keys("list").out()).contains("no keys yet");
  }

  @Test
  void anEmptyModelListExitsTwoInsteadOfCreatingAKeyForEveryModel() {
    for (String empty : new String[] {"", " , ", ","}) {
      Cli.Run run = keys("create", "--tenant", "zz", "--models", empty);
      assertThat(run.exit()).as("--models '%s'", empty).isEqualTo(2);
      assertThat(run.err().strip()).isEqualTo(
          "apprentice: --models must name at least one model alias; leave it out for all models");
    }
    assertThat(Files.exists(dir.resolve("data"))).isFalse();
  }

  @Test
  void aNameWithControlCharactersIsRefusedAndNotPrinted() {
    Cli.Run run = keys("create", "--tenant", "acme", "--name", "a\nb\u001b[31mred");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).startsWith("apprentice: 'name' must be").doesNotContain("\u001b").hasLineCount(1);
    assertThat(keys("list").out()).contains("no keys yet");
  }

  @Test
  void negativeBudgetsAndNonPositiveRatesExitTwoInOneLine() {
    Cli.Run budget = keys("create", "--tenant", "acme", "--budget-usd-month", "-3");
    assertThat(budget.exit()).isEqualTo(2);
    assertThat(budget.err().strip()).isEqualTo("apprentice: --budget-usd-month must be a number of US dollars, 0 or more; got -3");
    Cli.Run rpm = keys("create", "--tenant", "acme", "--rpm", "0");
    assertThat(rpm.exit()).isEqualTo(2);
    assertThat(rpm.err().lines()).hasSize(1);
    assertThat(Files.exists(dir.resolve("data"))).isFalse();
  }

  @Test
  void aBadTenantIsRefusedWithTheApisReason() {
    Cli.Run run = keys("create", "--tenant", "no spaces please");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).startsWith("apprentice: 'tenant' must be 1-64 letters, digits").hasLineCount(1);
  }

  @Test
  void listingAMissingDataDirectorySaysNoKeysYetAndCreatesNothing() {
    Cli.Run run = keys("list");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("no keys yet");
    assertThat(run.err()).contains("nothing stored yet").contains("apprentice.db");
    assertThat(Files.exists(dir.resolve("data"))).isFalse();
  }

  @Test
  void revokingAKeyThatIsNotActiveIsBadUsage() {
    String id = keys("create", "--tenant", "acme").out().lines().map(String::strip)
        .filter(l -> l.startsWith("ak-")).findFirst().orElseThrow().split("-")[1];
    Cli.Run missing = keys("revoke", "nosuchkey");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err().strip()).isEqualTo("apprentice: no active key with id 'nosuchkey'");

    assertThat(keys("revoke", id).exit()).isZero();
    assertThat(keys("revoke", id).exit()).isEqualTo(2);
  }

  @Test
  void theModelsAllowedAreTheConfiguredAliasesAndTheBuiltInEmbeddingModel() throws Exception {
    Path config = Files.writeString(dir.resolve("apprentice.yaml"), """
        providers:
          sim: { type: simulator }
        models:
          house-model: { targets: [ { provider: sim, model: sim-echo } ] }
        """);
    Cli.Run ok = keys("create", "--tenant", "acme", "--models", "house-model", "--config", config.toString());
    assertThat(ok.exit()).isZero();
    Cli.Run refused = keys("create", "--tenant", "acme", "--models", "sim-echo", "--config", config.toString());
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).contains("known: house-model, local/all-minilm-l6-v2");
  }

  @Test
  void aTenantTheConfigDoesNotNameExitsTwoUnlessNewTenantIsGiven() throws Exception {
    Path config = Files.writeString(dir.resolve("apprentice.yaml"), """
        providers:
          sim: { type: simulator }
        models:
          echo: { targets: [ { provider: sim, model: sim-echo } ] }
        tenants:
          acme: { budget_usd_per_day: 5 }
        """);
    Cli.Run misspelt = keys("create", "--tenant", "Acme", "--config", config.toString());
    assertThat(misspelt.exit()).isEqualTo(2);
    assertThat(misspelt.err()).startsWith("apprentice: unknown tenant 'Acme' (did you mean 'acme'?)")
        .contains("--new-tenant").hasLineCount(1);
    assertThat(keys("list", "--config", config.toString()).out()).startsWith("no keys yet");

    assertThat(keys("create", "--tenant", "acme", "--config", config.toString()).exit()).isZero();
    Cli.Run allowed = keys("create", "--tenant", "beta", "--new-tenant", "--config", config.toString());
    assertThat(allowed.exit()).as(allowed.err()).isZero();
    assertThat(allowed.out()).contains("for tenant beta");
  }

  @Test
  void theAdminTenantIsReservedForTheAdminKey() {
    Cli.Run run = keys("create", "--tenant", "admin");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).startsWith("apprentice: 'admin' is reserved").hasLineCount(1);
  }

  @Test
  void aKeyMayBeRestrictedToTheBuiltInEmbeddingModel() throws Exception {
    Cli.Run created = keys("create", "--tenant", "e1", "--models", "local/all-minilm-l6-v2", "--json");
    assertThat(created.exit()).as(created.err()).isZero();
    JsonNode models = JSON.readTree(created.out()).get("models");
    assertThat(models).hasSize(1);
    assertThat(models.get(0).asText()).isEqualTo("local/all-minilm-l6-v2");
  }

  @Test
  void anInvalidConfigExitsTwoInOneLine() throws Exception {
    Path config = Files.writeString(dir.resolve("broken.yaml"), "server: { port: 99999 }\n");
    Cli.Run run = keys("list", "--config", config.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).startsWith("apprentice: invalid config " + config).contains("server.port").hasLineCount(1);
  }

  @Test
  void remoteModeWithoutAnAdminKeyExitsTwo() {
    Cli.Run run = Cli.run("keys", "list", "--url", "http://127.0.0.1:9", "--admin-key", " ");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--url needs the admin key").hasLineCount(1);
  }

  @Test
  void anOptionValueOfTheWrongTypeExitsWith2AndOneLine() {
    Cli.Run run = Cli.run("keys", "create", "--tenant", "acme", "--rpm", "abc");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip()).doesNotContain("\n").contains("--rpm").contains("apprentice keys create --help");
  }
}
