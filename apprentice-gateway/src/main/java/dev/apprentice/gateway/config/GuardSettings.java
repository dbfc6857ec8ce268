package dev.apprentice.gateway.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model's {@code guard:} block (the top-level block is the default for every model): an action per scanner and
 * direction, and how the scanners read text. Built in, every scanner is {@code off}.
 *
 * @param input           action per input scanner ({@link #INPUT_SCANNERS}), checked before the upstream call
 * @param output          action per output scanner ({@link #OUTPUT_SCANNERS}), checked on the answer
 * @param jsonSchemaRetry when the answer fails its JSON schema, ask the upstream once more before acting
 * @param blockUnreadable {@code input.unreadable: block}: refuse a request holding content the input scanners cannot
 *                        read (a PDF, an image or audio sent as data, a {@code file_id}) when some input scanner
 *                        redacts or blocks; {@code allow} (false, the default) lets it through unread
 * @param piiEntities     the PII types looked for (Presidio's names)
 * @param phoneRegions    region hints for phone numbers written without a country code, most likely first
 * @param piiThreshold    a PII finding counts from this score
 * @param secretsThreshold a secret finding counts from this score
 * @param injectionThreshold a segment counts as an injection from this probability
 * @param injectionDetector  which injection detector: {@code default} (trained from the built-in examples) or the
 *                           name of one trained with {@code apprentice guard train}
 * @param injectionMaxChars  the most characters of one text the injection detector reads; past it, the rest counts
 *                           as one {@code TEXT_TOO_LONG} finding
 * @param injectionMaxCharsPerCall the most characters the injection detector embeds in one call (text it scored
 *                           before costs nothing); past it, the rest counts as {@code TEXT_TOO_LONG} findings
 * @param streamHoldbackChars the characters of a streamed answer held back at least while an output scanner redacts,
 *                           so that a value still being written never goes out in clear
 */
public record GuardSettings(Map<String, GuardAction> input, Map<String, GuardAction> output, boolean jsonSchemaRetry,
    boolean blockUnreadable, List<String> piiEntities, List<String> phoneRegions, double piiThreshold,
    double secretsThreshold,
    double injectionThreshold, String injectionDetector, int injectionMaxChars, int injectionMaxCharsPerCall,
    int streamHoldbackChars) {

  /** Scanners of the request, in the order they run. */
  public static final List<String> INPUT_SCANNERS = List.of("pii", "secrets", "injection");
  /** What {@code input.unreadable} may say: let unreadable content through unread, or refuse the request. */
  public static final List<String> UNREADABLE_ACTIONS = List.of("allow", "block");
  /** Scanners of the answer, in the order they run ({@code pii} and {@code secrets} read it together). */
  public static final List<String> OUTPUT_SCANNERS = List.of("pii", "secrets", "json_schema");
  /** Every PII type the scanner supports (apprentice-guard's PiiSettings.ALL_ENTITIES, checked by a test). */
  public static final List<String> PII_ENTITIES = List.of("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE",
      "US_SSN", "IP_ADDRESS", "URL", "CRYPTO");
  /** The phone region hints when none are configured (apprentice-guard's PiiSettings.DEFAULT_REGIONS). */
  public static final List<String> DEFAULT_PHONE_REGIONS = List.of("US", "GB", "DE", "FR", "IN", "AU", "BR");
  /** The pattern scanners' own flagging threshold. */
  public static final double DEFAULT_THRESHOLD = 0.5;
  /** The injection detector's threshold: see docs/benchmarks.md for how it trades over-defense against recall. */
  public static final double DEFAULT_INJECTION_THRESHOLD = 0.5;
  /** The detector trained from the examples shipped with Apprentice. */
  public static final String DEFAULT_INJECTION_DETECTOR = "default";
  /** 64 KiB (apprentice-guard's InjectionScanner.DEFAULT_MAX_CHARS). */
  public static final int DEFAULT_INJECTION_MAX_CHARS = 65_536;
  /** 128 KiB (apprentice-guard's InjectionScanner.DEFAULT_MAX_CHARS_PER_CALL). */
  public static final int DEFAULT_INJECTION_MAX_CHARS_PER_CALL = 131_072;
  /** apprentice-guard's StreamRedaction.DEFAULT_HOLDBACK_CHARS (checked by a test). */
  public static final int DEFAULT_STREAM_HOLDBACK_CHARS = 128;
  /** apprentice-guard's StreamRedaction.MIN_HOLDBACK_CHARS (checked by a test). */
  public static final int MIN_STREAM_HOLDBACK_CHARS = 64;

  public GuardSettings {
    input = ordered(input, INPUT_SCANNERS);
    output = ordered(output, OUTPUT_SCANNERS);
    piiEntities = List.copyOf(piiEntities);
    phoneRegions = List.copyOf(phoneRegions);
  }

  /** Every scanner off, unreadable content allowed, all PII types, the default regions and thresholds. */
  public static GuardSettings defaults() {
    return new GuardSettings(allOff(INPUT_SCANNERS), allOff(OUTPUT_SCANNERS), false, false, PII_ENTITIES,
        DEFAULT_PHONE_REGIONS, DEFAULT_THRESHOLD, DEFAULT_THRESHOLD, DEFAULT_INJECTION_THRESHOLD,
        DEFAULT_INJECTION_DETECTOR, DEFAULT_INJECTION_MAX_CHARS, DEFAULT_INJECTION_MAX_CHARS_PER_CALL,
        DEFAULT_STREAM_HOLDBACK_CHARS);
  }

  /** The action of an input scanner ({@code off} for a name it does not know). */
  public GuardAction input(String scanner) {
    return input.getOrDefault(scanner, GuardAction.OFF);
  }

  public GuardAction output(String scanner) {
    return output.getOrDefault(scanner, GuardAction.OFF);
  }

  /**
   * True when the PII or secrets scanner redacts or refuses requests: a request that never reached these scanners (one
   * refused by a limit first) must not be traced with the text they were there to take out.
   */
  public boolean protectsInput() {
    return protective(input("pii")) || protective(input("secrets"));
  }

  private static boolean protective(GuardAction action) {
    return action == GuardAction.REDACT || action == GuardAction.BLOCK;
  }

  /**
   * How the input scanners read and treat text, as one line (their actions and every setting of how they read);
   * empty when every input scanner is off. A retrieving model's cached answers are keyed by it: a cache hit skips
   * retrieval, and with it the input scanners' pass over the documents the answer was made from.
   */
  public String inputRecipe() {
    if (input.values().stream().allMatch(a -> a == GuardAction.OFF)) return "";
    return "input=" + input + " pii=" + piiEntities + " regions=" + phoneRegions + " pii_threshold=" + piiThreshold
        + " secrets_threshold=" + secretsThreshold + " injection=" + injectionDetector + "@" + injectionThreshold
        + " max_chars=" + injectionMaxChars + "/" + injectionMaxCharsPerCall;
  }

  /** True when some scanner runs in either direction. */
  public boolean active() {
    return input.values().stream().anyMatch(a -> a != GuardAction.OFF)
        || output.values().stream().anyMatch(a -> a != GuardAction.OFF);
  }

  private static Map<String, GuardAction> allOff(List<String> scanners) {
    Map<String, GuardAction> actions = new LinkedHashMap<>();
    for (String scanner : scanners) actions.put(scanner, GuardAction.OFF);
    return actions;
  }

  /** One entry per known scanner, in the known order, missing ones off. */
  private static Map<String, GuardAction> ordered(Map<String, GuardAction> given, List<String> scanners) {
    Map<String, GuardAction> actions = new LinkedHashMap<>();
    for (String scanner : scanners) actions.put(scanner, Objects.requireNonNullElse(given.get(scanner), GuardAction.OFF));
    return Collections.unmodifiableMap(actions);
  }
}
