package dev.apprentice.server.admin;

import dev.apprentice.api.access.HiddenCharacters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.access.Limits;
import dev.apprentice.api.access.Tenants;
import dev.apprentice.server.access.ClientTenants;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The body of {@code POST /admin/keys}: {@code {tenant, name?, models?, rpm?, tpm?, budget_usd_per_day?,
 * budget_usd_per_month?, max_concurrent?, expires_at?, allow_unconfigured_tenant?}}, checked field by field (unknown fields
 * and unknown models are refused; a name is at most 200 printable characters; {@code models}, when given, names at
 * least one; {@code expires_at} is an RFC 3339 time with its offset, in the future).
 *
 * <p>The tenant is checked as {@link ClientTenants} says: not a reserved name, and one of the config's {@code tenants:}
 * section when it has one, unless {@code allow_unconfigured_tenant} is true.
 */
public record KeyRequest(String tenant, String name, Set<String> models, Limits limits, Instant expiresAt) {

  /** The longest name, in UTF-16 units: a label for a table, not a document. */
  static final int NAME_MAX = 200;
  static final String ALLOW_UNCONFIGURED_TENANT = "allow_unconfigured_tenant";
  static final String EXPIRES_AT = "expires_at";
  private static final Instant LATEST_EXPIRY = Instant.parse("9999-12-31T23:59:59.999Z");
  private static final Set<String> FIELDS = Set.of("tenant", "name", "models", "rpm", "tpm", "budget_usd_per_day",
      "budget_usd_per_month", "max_concurrent", "expires_at", ALLOW_UNCONFIGURED_TENANT);

  /**
   * Reads and checks a request against the models a key may call ({@link KeyModels}) and the tenants the config
   * names ({@code tenants:}; empty when it has none); an expiry must come after {@code now}.
   */
  public static KeyRequest read(JsonNode body, Set<String> knownModels, Set<String> configuredTenants, Instant now) {
    if (!body.isObject()) throw GatewayException.invalid(null, "expected a JSON object");
    body.fieldNames().forEachRemaining(field -> {
      if (!FIELDS.contains(field)) {
        throw GatewayException.invalid(field, "unknown field '" + field + "' (known: " + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
      }
    });
    JsonNode tenantNode = body.get("tenant");
    if (tenantNode == null || tenantNode.isNull()) {
      throw GatewayException.invalid("tenant", "'tenant' is required: " + ClientTenants.SHAPE);
    }
    if (!tenantNode.isTextual() || !ClientTenants.wellFormed(tenantNode.asText())) {
      // given, but not a name: saying it is missing would send the caller looking for a typo in the field's name
      throw GatewayException.invalid("tenant", "'tenant' must be " + ClientTenants.SHAPE);
    }
    String tenant = tenantNode.asText();
    if (Tenants.reserved(tenant)) throw GatewayException.invalid("tenant", Tenants.whyReserved(tenant));
    boolean unconfiguredAllowed = AdminValues.flag(body, ALLOW_UNCONFIGURED_TENANT);
    String unconfigured = ClientTenants.unconfigured(tenant, configuredTenants);
    if (unconfigured != null && !unconfiguredAllowed) {
      throw GatewayException.invalid("tenant", unconfigured + ", and a key of any other tenant is held to no tenant"
          + " limits or budget. To create it anyway, send \"" + ALLOW_UNCONFIGURED_TENANT + "\": true (keys create"
          + " --new-tenant)");
    }
    JsonNode nameNode = body.get("name");
    if (nameNode != null && !nameNode.isNull() && !(nameNode.isTextual() && printable(nameNode.asText()))) {
      throw GatewayException.invalid("name", "'name' must be a string of at most " + NAME_MAX
          + " characters without control or format characters");
    }
    Set<String> models = new LinkedHashSet<>();
    JsonNode modelsNode = body.get("models");
    if (modelsNode != null && !modelsNode.isNull()) {
      if (!modelsNode.isArray()) throw GatewayException.invalid("models", "'models' must be a list of model aliases");
      // an empty list reading as "every model" would turn a restriction that lost its entries into no restriction
      if (modelsNode.isEmpty()) {
        throw GatewayException.invalid("models", "'models' must name at least one model alias; leave it out for all models");
      }
      for (JsonNode m : modelsNode) {
        if (!m.isTextual()) throw GatewayException.invalid("models", "'models' must be a list of model aliases");
        if (!knownModels.contains(m.asText())) {
          throw GatewayException.invalid("models", "unknown model '" + m.asText() + "' (known: "
              + String.join(", ", knownModels) + ")");
        }
        models.add(m.asText());
      }
    }
    Limits limits = new Limits(count(body, "rpm"), count(body, "tpm"), amount(body, "budget_usd_per_day"),
        amount(body, "budget_usd_per_month"), count(body, "max_concurrent"));
    String name = nameNode == null || nameNode.isNull() ? tenant + " key" : nameNode.asText();
    return new KeyRequest(tenant, name, models, limits, expiry(body, now));
  }

  /**
   * True for a name that prints as itself: {@code keys list} writes names to a terminal, where control characters
   * (ESC sequences, NUL, newlines) and format characters (bidi overrides such as U+202E, zero-width ones) would
   * rewrite or disguise what an operator sees.
   */
  static boolean printable(String name) {
    if (name.length() > NAME_MAX) return false;
    return HiddenCharacters.noneIn(name);
  }

  /** {@code expires_at}: an RFC 3339 time with its offset (kept in UTC, to the millisecond), after {@code now}. */
  private static Instant expiry(JsonNode body, Instant now) {
    JsonNode n = body.get(EXPIRES_AT);
    if (n == null || n.isNull()) return null;
    Instant at;
    try {
      if (!n.isTextual()) throw new DateTimeParseException("not a string", n.toString(), 0);
      at = OffsetDateTime.parse(n.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant()
          .truncatedTo(ChronoUnit.MILLIS);
      // RFC 3339 years have four digits; a larger one would not fit the store's milliseconds either
      if (at.isAfter(LATEST_EXPIRY)) throw new DateTimeParseException("after year 9999", n.asText(), 0);
    } catch (DateTimeParseException e) {
      throw GatewayException.invalid(EXPIRES_AT, "'" + EXPIRES_AT + "' must be an RFC 3339 time with its offset, such"
          + " as 2026-12-31T23:59:59Z; got " + (n.isTextual() ? "'" + n.asText() + "'" : n.toString()));
    }
    if (!at.isAfter(now)) {
      throw GatewayException.invalid(EXPIRES_AT, "'" + EXPIRES_AT + "' must be in the future; got " + at + ", and it is"
          + " now " + now.truncatedTo(ChronoUnit.SECONDS));
    }
    return at;
  }

  private static Integer count(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) return null;
    // canConvertToInt first: asLong() keeps only the low 64 bits of a larger number (2^64 + 5 would read as 5)
    if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1) {
      throw GatewayException.invalid(field, "'" + field + "' must be a whole number from 1 to " + Integer.MAX_VALUE);
    }
    return n.asInt();
  }

  private static Double amount(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) return null;
    if (!n.isNumber() || n.asDouble() < 0 || !Double.isFinite(n.asDouble())) {
      throw GatewayException.invalid(field, "'" + field + "' must be a number of US dollars, 0 or more");
    }
    return n.asDouble() + 0.0; // -0.0 is 0: shown as 0.0 in the answer, as in every list after it
  }
}
