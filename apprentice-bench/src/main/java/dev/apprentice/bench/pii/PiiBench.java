package dev.apprentice.bench.pii;

import com.google.i18n.phonenumbers.PhoneNumberUtil.Leniency;
import dev.apprentice.bench.BenchInput;
import dev.apprentice.guard.pii.PiiScanner;
import dev.apprentice.guard.pii.PiiSettings;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Precision, recall and F2 of the PII scanner on Presidio's synthetic evaluation set, per entity type, beside the
 * numbers presidio-research published for Presidio on the same file. Usage:
 * {@code PiiBench [--data FILE] [--iou 0.5] [--regions US,GB,...] [--leniency POSSIBLE] [--errors]}.
 */
public final class PiiBench {

  /** Presidio's published per-entity precision / recall (notebook 4, vanilla analyzer, threshold 0.4). */
  private static final Map<String, String> PRESIDIO_VANILLA = Map.of("CREDIT_CARD", "1.00 / 0.772", "US_SSN",
      "1.00 / 1.00", "EMAIL_ADDRESS", "1.00 / 1.00", "IBAN_CODE", "1.00 / 1.00", "IP_ADDRESS", "1.00 / 0.929", "URL",
      "1.00 / 1.00", "PHONE_NUMBER", "0.410 / 0.25");

  private PiiBench() {}

  public static void main(String[] args) throws Exception {
    BenchInput.run(() -> measure(args));
  }

  private static void measure(String[] args) throws Exception {
    Path data = PiiDataset.defaultPath();
    double iou = 0.5;
    PiiSettings settings = PiiSettings.defaults();
    boolean errors = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = Path.of(args[++i]);
        case "--iou" -> iou = Double.parseDouble(args[++i]);
        case "--regions" -> settings = settings.withPhoneRegions(Arrays.asList(args[++i].split(",")));
        case "--leniency" -> settings = settings.withPhoneLeniency(Leniency.valueOf(args[++i]));
        case "--errors" -> errors = true;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    List<PiiDataset.Sample> samples = PiiDataset.load(data);
    System.out.printf(Locale.ROOT, "# PII detection on %s (%d samples)%n%n", data.getFileName(), samples.size());
    System.out.printf(Locale.ROOT, "Apprentice PiiScanner: phone regions %s, leniency %s, findings from score %.2f."
        + "%nMatching: a prediction counts when its type equals the annotation's (DOMAIN_NAME -> URL) and their "
        + "character IoU is >= %.2f; one prediction per annotation.%n%n", settings.phoneRegions(),
        settings.phoneLeniency(), settings.minScore(), iou);
    SpanTally tally = run(samples, settings, iou);
    printTable(tally);
    printLeniencies(samples, settings, iou);
    printRegions(samples, settings, iou);
    System.out.println("\nFalse positives by the annotation they fell on (O = none):");
    tally.falsePositivesOn().forEach((key, n) -> System.out.printf(Locale.ROOT, "  %-40s %d%n", key, n));
    if (errors) {
      System.out.println("\nErrors:");
      for (SpanTally.Miss miss : tally.misses()) {
        System.out.printf(Locale.ROOT, "  %s %-13s %-30s [%s] in: %s%n", miss.kind(), miss.type(),
            "'" + miss.value() + "'", miss.overlapping(), miss.text().replace('\n', ' '));
      }
    }
  }

  static SpanTally run(List<PiiDataset.Sample> samples, PiiSettings settings, double iou) {
    PiiScanner scanner = new PiiScanner(settings);
    SpanTally tally = new SpanTally(PiiSettings.ALL_ENTITIES, iou);
    for (PiiDataset.Sample sample : samples) tally.add(sample, scanner.scan(sample.text()).findings());
    return tally;
  }

  private static void printTable(SpanTally tally) {
    System.out.println("| entity | spans | predicted | precision | recall | F2 | Presidio vanilla P / R |");
    System.out.println("|---|---:|---:|---:|---:|---:|---|");
    tally.byType().forEach((type, c) -> System.out.printf(Locale.ROOT, "| %s | %d | %d | %.3f | %.3f | %.3f | %s |%n",
        type, c.annotated, c.predicted, c.precision(), c.recall(), c.f2(), PRESIDIO_VANILLA.getOrDefault(type, "-")));
    SpanTally.Counts all = tally.overall();
    System.out.printf(Locale.ROOT, "| **all supported types** | %d | %d | %.3f | %.3f | **%.3f** | |%n", all.annotated,
        all.predicted, all.precision(), all.recall(), all.f2());
    System.out.println();
    System.out.println("Presidio, published on all PII types of this file (P / R / F2): vanilla 0.685 / 0.603 / 0.618; "
        + "customised (transformer NER, deny lists, context, threshold 0.3) 0.870 / 0.839 / 0.845.");
  }

  private static void printRegions(List<PiiDataset.Sample> samples, PiiSettings settings, double iou) {
    System.out.println("\nPhone region hints, same leniency:\n");
    System.out.println("| regions | phone precision | phone recall | phone F2 | all-types F2 |");
    System.out.println("|---|---:|---:|---:|---:|");
    for (List<String> regions : List.of(List.of("US"), List.of("US", "GB"), settings.phoneRegions())) {
      SpanTally tally = run(samples, settings.withPhoneRegions(regions), iou);
      SpanTally.Counts phone = tally.byType().get("PHONE_NUMBER");
      System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.3f |%n", String.join(",", regions),
          phone.precision(), phone.recall(), phone.f2(), tally.overall().f2());
    }
  }

  private static void printLeniencies(List<PiiDataset.Sample> samples, PiiSettings settings, double iou) {
    System.out.println("\nPhone leniency (libphonenumber findNumbers), same regions:\n");
    System.out.println("| leniency | phone precision | phone recall | phone F2 | all-types F2 | scan ms (1,500 samples) |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    for (Leniency leniency : Leniency.values()) {
      run(samples, settings.withPhoneLeniency(leniency), iou);
      long started = System.nanoTime();
      SpanTally tally = run(samples, settings.withPhoneLeniency(leniency), iou);
      long millis = (System.nanoTime() - started) / 1_000_000;
      SpanTally.Counts phone = tally.byType().get("PHONE_NUMBER");
      System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.3f | %d |%n", leniency, phone.precision(),
          phone.recall(), phone.f2(), tally.overall().f2(), millis);
    }
  }
}
