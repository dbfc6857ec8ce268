package dev.apprentice.guard.pii;

import dev.apprentice.guard.Finding;
import dev.apprentice.guard.Overlaps;
import dev.apprentice.guard.ScanResult;
import dev.apprentice.guard.Scanner;
import dev.apprentice.guard.TextNormaliser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds personal data with patterns and validators (checksums, issuer ranges, libphonenumber), weighs the words
 * around each match, resolves overlaps and reports offsets in the original text. Thread-safe.
 */
public final class PiiScanner implements Scanner {

  private final PiiSettings settings;
  private final TextNormaliser normaliser = new TextNormaliser();
  private final List<Recognizer> recognizers;
  private final ContextScorer context;

  public PiiScanner() {
    this(PiiSettings.defaults());
  }

  public PiiScanner(PiiSettings settings) {
    this.settings = settings;
    this.context = new ContextScorer(settings.context());
    Map<String, Recognizer> byType = new LinkedHashMap<>();
    byType.put("EMAIL_ADDRESS", new EmailRecognizer());
    byType.put("URL", new UrlRecognizer());
    byType.put("CREDIT_CARD", new CreditCardRecognizer());
    byType.put("IBAN_CODE", new IbanRecognizer());
    byType.put("US_SSN", new SsnRecognizer());
    byType.put("IP_ADDRESS", new IpRecognizer());
    byType.put("CRYPTO", new CryptoRecognizer());
    byType.put("PHONE_NUMBER", new PhoneRecognizer(settings.phoneRegions(), settings.phoneLeniency(), context,
        settings.minScore()));
    byType.keySet().retainAll(settings.entities());
    this.recognizers = List.copyOf(byType.values());
  }

  @Override
  public String name() {
    return "pii";
  }

  @Override
  public double threshold() {
    return settings.threshold();
  }

  @Override
  public ScanResult scan(String text) {
    if (text == null || text.isEmpty()) return ScanResult.of(name(), List.of());
    return ScanResult.of(name(), normaliser.find(text, this::find, settings.threshold()));
  }

  /** The values in a normalised text, disjoint. */
  private List<Finding> find(String scanned) {
    ScanText scan = ScanText.of(scanned);
    List<Finding> raw = new ArrayList<>();
    for (Recognizer recognizer : recognizers) recognizer.recognise(scan, raw);
    List<Finding> scored = new ArrayList<>(raw.size());
    for (Finding finding : raw) {
      Finding weighed = context.score(scanned, finding);
      if (weighed.score() >= settings.minScore()) scored.add(weighed);
    }
    return Overlaps.resolve(scored, settings.threshold());
  }
}
