package dev.apprentice.guard.pii;

import com.google.i18n.phonenumbers.PhoneNumberUtil.Leniency;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the PII scanner reads text.
 *
 * @param entities      the entity types to look for (Presidio's names)
 * @param phoneRegions  region hints for numbers written without a country code, most likely first
 * @param phoneLeniency how much libphonenumber's matcher must trust a number to return it
 * @param minScore      findings scoring below this (after context) are dropped
 * @param threshold     a text is flagged when a finding scores at least this
 * @param context       context words per entity type
 */
public record PiiSettings(Set<String> entities, List<String> phoneRegions, Leniency phoneLeniency, double minScore,
    double threshold, Map<String, ContextWords> context) {

  /** Every entity type the scanner knows. */
  public static final Set<String> ALL_ENTITIES = Set.of("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE",
      "US_SSN", "IP_ADDRESS", "URL", "CRYPTO");

  /**
   * Region hints when none are configured: the US first (it covers the whole +1 plan, Canada included), then large
   * markets whose national numbers differ in shape. Each region costs one matcher pass over the digit windows.
   */
  public static final List<String> DEFAULT_REGIONS = List.of("US", "GB", "DE", "FR", "IN", "AU", "BR");

  public PiiSettings {
    entities = Set.copyOf(entities);
    phoneRegions = List.copyOf(phoneRegions);
    context = Map.copyOf(context);
    if (!ALL_ENTITIES.containsAll(entities)) throw new IllegalArgumentException("unknown entity types in " + entities);
    if (phoneRegions.isEmpty()) throw new IllegalArgumentException("at least one phone region is needed");
  }

  /** All entities, the default regions, {@code POSSIBLE} leniency, findings from 0.4, flagged from 0.5. */
  public static PiiSettings defaults() {
    return new PiiSettings(ALL_ENTITIES, DEFAULT_REGIONS, Leniency.POSSIBLE, 0.4, 0.5, ContextWords.defaults());
  }

  public PiiSettings withPhoneRegions(List<String> regions) {
    return new PiiSettings(entities, regions, phoneLeniency, minScore, threshold, context);
  }

  public PiiSettings withPhoneLeniency(Leniency leniency) {
    return new PiiSettings(entities, phoneRegions, leniency, minScore, threshold, context);
  }

  /** Flagged from {@code flagged}; findings are kept from the lower of it and the current minimum score. */
  public PiiSettings withThreshold(double flagged) {
    return new PiiSettings(entities, phoneRegions, phoneLeniency, Math.min(minScore, flagged), flagged, context);
  }

  public PiiSettings withEntities(Set<String> only) {
    return new PiiSettings(only, phoneRegions, phoneLeniency, minScore, threshold, context);
  }
}
