package dev.apprentice.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Texts built to exhaust a pattern: thousands of domain labels after an '@' (the domain pattern recurses once per
 * label). The bound is a guard against a hang, not a speed measurement.
 */
class HostilePiiInputTest {

  private static final Duration BOUND = Duration.ofSeconds(20);

  private static List<String> found(String text) {
    return assertTimeoutPreemptively(BOUND, () -> Found.in(text));
  }

  @Test
  void thousandsOfDomainLabelsAfterAnAtSignNeitherOverflowTheStackNorHideTheNextAddress() {
    String labels = "x@" + "b.".repeat(1500) + "c";
    assertThat(found(labels + " write to ana@example.com")).containsExactly("EMAIL_ADDRESS:ana@example.com");
    assertThat(found("x@" + "b.".repeat(1 << 19))).isEmpty();
  }

  @Test
  void thousandsOfDomainLabelsAreReadOnAVirtualThreadToo() throws Exception {
    String labels = "x@" + "ab.".repeat(10_000) + "c";
    List<List<String>> result = new java.util.ArrayList<>();
    Thread thread = Thread.ofVirtual().start(() -> result.add(Found.in(labels)));
    thread.join(BOUND);
    assertThat(result).hasSize(1);
  }
}
