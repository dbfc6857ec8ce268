package dev.apprentice.guard.secrets;

import dev.apprentice.guard.LowerCase;
import dev.apprentice.guard.Finding;
import dev.apprentice.guard.Overlaps;
import dev.apprentice.guard.ScanResult;
import dev.apprentice.guard.Scanner;
import dev.apprentice.guard.TextNormaliser;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds credentials: OpenAI and Anthropic API keys, AWS access key ids and (near "aws"/"secret") secret keys,
 * GitHub and Slack tokens, JWTs whose header decodes to JSON with {@code alg}, PEM/PGP private key blocks, and
 * high-entropy values assigned to names like {@code api_key} or {@code password}. Findings have type
 * {@code SECRET} and the kind as subtype. Thread-safe.
 */
public final class SecretScanner implements Scanner {

  private static final List<SecretRule> RULES = SecretRules.all();

  private final TextNormaliser normaliser = new TextNormaliser();
  private final double threshold;

  /** Flags a text from score 0.5. */
  public SecretScanner() {
    this(0.5);
  }

  public SecretScanner(double threshold) {
    this.threshold = threshold;
  }

  @Override
  public String name() {
    return "secrets";
  }

  @Override
  public double threshold() {
    return threshold;
  }

  @Override
  public ScanResult scan(String text) {
    if (text == null || text.length() < 8) return ScanResult.of(name(), List.of());
    return ScanResult.of(name(), normaliser.find(text, this::find, threshold));
  }

  /** The secrets in a normalised text, disjoint. */
  private List<Finding> find(String scanned) {
    String lower = LowerCase.of(scanned);
    List<Finding> found = new ArrayList<>();
    PrivateKeyBlocks.find(scanned, found);
    AwsSecretKeys.find(scanned, lower, found);
    for (SecretRule rule : RULES) rule.find(scanned, lower, found);
    return Overlaps.resolve(found, threshold);
  }
}
