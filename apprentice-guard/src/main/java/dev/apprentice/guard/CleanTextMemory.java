package dev.apprentice.guard;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.apprentice.api.Deadline;

/**
 * A scanner that remembers which texts it found nothing in (by {@link TextDigest}), so that a conversation's history,
 * sent again with every turn, is scanned once. Texts with findings are scanned every time: their findings hold the
 * values, and those are not kept.
 */
public final class CleanTextMemory implements Scanner {

  private static final int REMEMBERED = 50_000;

  private final Scanner scanner;
  private final Cache<TextDigest, Boolean> clean;

  public CleanTextMemory(Scanner scanner) {
    this.scanner = scanner;
    this.clean = Caffeine.newBuilder().maximumSize(REMEMBERED).build();
  }

  /** {@code scanner} remembering in {@code clean}: the view of one call shares its scanner's memory. */
  private CleanTextMemory(Scanner scanner, Cache<TextDigest, Boolean> clean) {
    this.scanner = scanner;
    this.clean = clean;
  }

  /**
   * The scanner under {@code scanner}'s memory, for texts that are never read twice (the windows of a streamed answer,
   * each a little further on): remembering them would only push out the texts that are.
   */
  public static Scanner unremembered(Scanner scanner) {
    return scanner instanceof CleanTextMemory memory ? memory.scanner : scanner;
  }

  @Override
  public Scanner forCall(Deadline deadline) {
    Scanner perCall = scanner.forCall(deadline);
    return perCall == scanner ? this : new CleanTextMemory(perCall, clean);
  }

  @Override
  public String name() {
    return scanner.name();
  }

  @Override
  public double threshold() {
    return scanner.threshold();
  }

  @Override
  public ScanResult scan(String text) {
    return scan(text, Origin.PROMPT);
  }

  @Override
  public ScanResult scan(String text, Origin origin) {
    TextDigest digest = TextDigest.of(text);
    if (clean.getIfPresent(digest) != null) return ScanResult.of(scanner.name(), java.util.List.of());
    ScanResult result = scanner.scan(text, origin);
    if (result.isEmpty() && result.risk() == 0) clean.put(digest, Boolean.TRUE);
    return result;
  }
}
