package dev.apprentice.server.access;

import dev.apprentice.api.access.Tenants;
import dev.apprentice.gateway.config.Suggestions;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The tenants a client's calls may be booked to: a name of 1-64 letters, digits, '.', '_' or '-' (a letter or digit
 * first) that is not reserved ({@link Tenants}) and, when the config has a {@code tenants:} section, one it names — a
 * misspelt tenant ({@code Acme} for {@code acme}) would be held to none of its tenant's limits and budgets without a
 * word. Without a {@code tenants:} section no tenant has limits, and any name is taken. Checked where a key is created (the admin API,
 * {@code keys create}) and where an in-process evaluation run books its calls to a tenant ({@code eval run --tenant}).
 */
public final class ClientTenants {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  /** What a tenant name may be, for a message. */
  public static final String SHAPE = "1-64 letters, digits, '.', '_' or '-', starting with a letter or digit";

  private ClientTenants() {}

  /** True for a name of the tenant shape (reserved or not). */
  public static boolean wellFormed(String tenant) {
    return tenant != null && NAME.matcher(tenant).matches();
  }

  /**
   * The start of the refusal of a tenant the config's {@code tenants:} section does not name, with the closest name
   * it does: {@code unknown tenant 'Acme' (did you mean 'acme'?): the config's tenants: section names acme, default};
   * null when the section names it or there is none.
   */
  public static String unconfigured(String tenant, Set<String> configured) {
    if (configured.isEmpty() || configured.contains(tenant)) return null;
    List<String> names = configured.stream().sorted().toList();
    return "unknown tenant '" + tenant + "'" + Suggestions.hint(tenant, names)
        + ": the config's tenants: section names " + String.join(", ", names);
  }
}
