package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.cli.CommandGroup;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code apprentice keys create|list|revoke}: client keys, on the data directory or a running server. */
@Command(name = "keys", mixinStandardHelpOptions = true,
    description = "Manage client keys (on the data directory directly, or on a running server with --url).",
    subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
public final class KeysCommand extends CommandGroup {

  /** {@code keys create}: mints a key and prints it, once. */
  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a client key; the key is printed once and stored only as a hash.")
  static final class Create extends AdminCommand {

    @Option(names = "--tenant", paramLabel = "TENANT", required = true, description = "the tenant its calls are"
        + " accounted to (when the config has a tenants: section, one of it unless --new-tenant)")
    String tenant;

    @Option(names = "--new-tenant", description = "allow a tenant the config's tenants: section does not name (its"
        + " keys get no tenant limits or budget)")
    boolean newTenant;

    @Option(names = "--name", description = "a label (default: '<tenant> key')")
    String name;

    @Option(names = "--models", split = ",", paramLabel = "ALIAS", description = "model aliases it may call, at least one (default: all)")
    List<String> models;

    @Option(names = "--rpm", description = "requests per minute") Integer rpm;
    @Option(names = "--tpm", description = "tokens per minute") Integer tpm;
    @Option(names = "--budget-usd-day", paramLabel = "USD", description = "spend per UTC day") Double budgetDay;
    @Option(names = "--budget-usd-month", paramLabel = "USD", description = "spend per UTC month") Double budgetMonth;
    @Option(names = "--max-concurrent", paramLabel = "N", description = "calls in flight at once (a stream counts"
        + " until it ends)") Integer maxConcurrent;
    @Option(names = "--expires-in", paramLabel = "90d|12h", description = "refuse the key after this many days or"
        + " hours") String expiresIn;
    @Option(names = "--json", description = "print the admin API's JSON") boolean json;

    @Override
    void check() {
      positive("--rpm", rpm);
      positive("--tpm", tpm);
      positive("--max-concurrent", maxConcurrent);
      if (expiresIn != null) KeyExpiry.parse(expiresIn);
      dollars("--budget-usd-day", budgetDay);
      dollars("--budget-usd-month", budgetMonth);
      if (models != null && aliases().isEmpty()) {
        throw AdminFailure.usage("--models must name at least one model alias; leave it out for all models");
      }
    }

    /** The aliases of {@code --models}, without the blanks around and between commas. */
    private List<String> aliases() {
      return models.stream().map(String::strip).filter(m -> !m.isEmpty()).toList();
    }

    private static void positive(String option, Integer value) {
      if (value != null && value < 1) throw AdminFailure.usage(option + " must be a positive whole number; got " + value);
    }

    private static void dollars(String option, Double value) {
      if (value != null && (value < 0 || !Double.isFinite(value))) {
        throw AdminFailure.usage(option + " must be a number of US dollars, 0 or more; got " + plain(value));
      }
    }

    @Override
    boolean createsData() {
      return true;
    }

    @Override
    void run(AdminClient client, PrintWriter out, PrintWriter err) {
      JsonNode created = client.createKey(request());
      if (json) {
        out.println(AdminJson.pretty(created));
        return;
      }
      out.println("Created key " + Cells.text(created, "id") + " for tenant " + Cells.text(created, "tenant")
          + " (" + Cells.text(created, "name") + "; models: " + models(created) + "; limits: " + limits(created)
          + (created.hasNonNull("expires_at") ? "; expires " + Cells.time(created, "expires_at") + " UTC" : "") + ")");
      out.println();
      out.println("  " + Cells.text(created, "key"));
      out.println();
      out.println("This key is shown only once: store it now (Apprentice keeps only its hash).");
    }

    private ObjectNode request() {
      ObjectNode body = AdminJson.MAPPER.createObjectNode();
      body.put("tenant", tenant);
      if (newTenant) body.put("allow_unconfigured_tenant", true);
      if (name != null) body.put("name", name);
      if (models != null) {
        var list = body.putArray("models");
        aliases().forEach(list::add);
      }
      if (rpm != null) body.put("rpm", rpm);
      if (tpm != null) body.put("tpm", tpm);
      if (budgetDay != null) body.put("budget_usd_per_day", budgetDay);
      if (budgetMonth != null) body.put("budget_usd_per_month", budgetMonth);
      if (maxConcurrent != null) body.put("max_concurrent", maxConcurrent);
      if (expiresIn != null) body.put("expires_at", KeyExpiry.from(Instant.now(), KeyExpiry.parse(expiresIn)));
      return body;
    }
  }

  /** {@code keys list}: every key, revoked ones included, never a secret. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (revoked ones included).")
  static final class ListKeys extends AdminCommand {

    @Option(names = "--json", description = "print the admin API's JSON") boolean json;

    @Override
    void run(AdminClient client, PrintWriter out, PrintWriter err) {
      JsonNode keys = client.listKeys();
      if (json) {
        out.println(AdminJson.pretty(keys));
        return;
      }
      if (keys.path("data").isEmpty()) {
        out.println("no keys yet (create one with: apprentice keys create --tenant T)");
        return;
      }
      Table table = new Table().column("ID").column("TENANT").column("NAME").column("MODELS").column("LIMITS")
          .column("STATE").column("EXPIRES").column("CREATED").column("REVOKED");
      for (JsonNode key : keys.path("data")) {
        table.row(Cells.text(key, "id"), Cells.text(key, "tenant"), Cells.text(key, "name"), models(key), limits(key),
            Cells.text(key, "state"), Cells.time(key, "expires_at"), Cells.time(key, "created_at"),
            Cells.time(key, "revoked_at"));
      }
      table.print(out);
    }
  }

  /** {@code keys revoke ID}: refused at once by a server sharing the data directory within seconds. */
  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key by its id.")
  static final class Revoke extends AdminCommand {

    @Parameters(paramLabel = "ID", description = "the key's id (see keys list)") String id;
    @Option(names = "--json", description = "print the admin API's JSON") boolean json;

    @Override
    void run(AdminClient client, PrintWriter out, PrintWriter err) {
      JsonNode revoked = client.revokeKey(id);
      out.println(json ? AdminJson.pretty(revoked) : "revoked key " + id);
    }
  }

  static String models(JsonNode key) {
    if ("admin".equals(key.path("role").asText())) return "(admin API)";
    List<String> aliases = new ArrayList<>();
    key.path("models").forEach(m -> aliases.add(m.asText()));
    return aliases.isEmpty() ? "all" : String.join(",", aliases);
  }

  static String limits(JsonNode key) {
    List<String> parts = new ArrayList<>();
    if (key.hasNonNull("rpm")) parts.add("rpm " + key.get("rpm").asText());
    if (key.hasNonNull("tpm")) parts.add("tpm " + key.get("tpm").asText());
    if (key.hasNonNull("budget_usd_per_day")) parts.add(dollars(key.get("budget_usd_per_day")) + "/day");
    if (key.hasNonNull("budget_usd_per_month")) parts.add(dollars(key.get("budget_usd_per_month")) + "/month");
    if (key.hasNonNull("max_concurrent")) parts.add("max_concurrent " + key.get("max_concurrent").asText());
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  private static String dollars(JsonNode amount) {
    return "$" + plain(amount.asDouble());
  }

  private static String plain(double amount) {
    return Double.isFinite(amount) ? BigDecimal.valueOf(amount).stripTrailingZeros().toPlainString() : String.valueOf(amount);
  }
}
