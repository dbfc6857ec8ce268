package dev.apprentice.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.guard.pii.PiiScanner;
import org.junit.jupiter.api.Test;

class CleanTextMemoryTest {

  /** The PII scanner, counting the texts it reads. */
  private static final class Counting implements Scanner {
    private final PiiScanner pii = new PiiScanner();
    int scans;

    @Override
    public String name() {
      return pii.name();
    }

    @Override
    public double threshold() {
      return pii.threshold();
    }

    @Override
    public ScanResult scan(String text) {
      scans++;
      return pii.scan(text);
    }
  }

  @Test
  void aTextWithNothingInItIsScannedOnceAndOneWithPersonalDataEveryTime() {
    Counting counting = new Counting();
    CleanTextMemory memory = new CleanTextMemory(counting);

    memory.scan("How long do refunds take?");
    ScanResult again = memory.scan("How long do refunds take?");
    memory.scan("Write to jane.doe@example.com");
    ScanResult withEmail = memory.scan("Write to jane.doe@example.com");

    assertThat(counting.scans).isEqualTo(3);
    assertThat(again.isEmpty()).isTrue();
    assertThat(withEmail.findings()).extracting(Finding::type).containsExactly("EMAIL_ADDRESS");
    assertThat(memory.name()).isEqualTo("pii");
    assertThat(memory.threshold()).isEqualTo(counting.threshold());
  }

  @Test
  void theScannerUnderTheMemoryReadsTextsThatAreNeverReadTwiceWithoutRememberingThem() {
    Counting counting = new Counting();
    CleanTextMemory memory = new CleanTextMemory(counting);

    CleanTextMemory.unremembered(memory).scan("How long do refunds take?");
    memory.scan("How long do refunds take?");

    assertThat(counting.scans).as("the window's reading left nothing in memory").isEqualTo(2);
    assertThat(CleanTextMemory.unremembered(counting)).isSameAs(counting);
  }

  @Test
  void aDigestIdentifiesATextWithoutHoldingIt() {
    assertThat(TextDigest.of("jane.doe@example.com")).isEqualTo(TextDigest.of("jane.doe@example.com"))
        .isNotEqualTo(TextDigest.of("jane.doe@example.org"));
    assertThat(TextDigest.of("jane.doe@example.com").toString()).doesNotContain("jane");
  }
}
