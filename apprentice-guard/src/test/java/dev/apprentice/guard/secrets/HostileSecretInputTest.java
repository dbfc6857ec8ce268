package dev.apprentice.guard.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.apprentice.guard.Finding;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Texts built to make a pattern read the rest of the text again from every position. The bound is a guard against
 * a quadratic scan (minutes to hours on a megabyte), not a speed measurement: a linear scan takes well under a second.
 */
class HostileSecretInputTest {

  private static final int MEGABYTE = 1 << 20;
  private static final Duration BOUND = Duration.ofSeconds(20);
  private static final String KIND = "PRIVATE " + "KEY";

  private final SecretScanner scanner = new SecretScanner();

  private List<String> found(String text) {
    return assertTimeoutPreemptively(BOUND, () -> scanner.scan(text).findings().stream()
        .map(f -> f.subtype() + ":" + f.text()).toList());
  }

  private static String megabyteOf(String piece) {
    return piece.repeat(MEGABYTE / piece.length());
  }

  @Test
  void aMegabyteOfJwtStartsJoinedByDashesIsReadOnceAndARealJwtAfterItIsStillFound() {
    String jwt = FakeTokens.jwt("{\"alg\":\"HS256\"}");
    assertThat(found(megabyteOf("eyJ-") + " " + jwt)).containsExactly("jwt:" + jwt);
    assertThat(found(megabyteOf("eyJhbGciOiJIUzI1NiJ9_") + ".x.y")).isEmpty();
  }

  @Test
  void aMegabyteOfBeginLinesWithoutAnEndLineIsReadOnce() {
    List<String> blocks = found(megabyteOf("-----BEGIN " + KIND + "-----!"));
    assertThat(blocks).hasSize(MEGABYTE / ("-----BEGIN " + KIND + "-----!").length());
    assertThat(found("-----BEGIN " + "RSA ".repeat(MEGABYTE / 4) + KIND + "-----")).isEmpty();
  }

  @Test
  void aMegabyteOfDottedCapitalsIsLowerCasedInOnePass() {
    assertThat(found(megabyteOf("İı") + " " + FakeTokens.github())).containsExactly("github_token:" + FakeTokens.github());
  }

  @Test
  void aSecretAfterATurkishDottedCapitalIsFoundAtItsOwnOffsets() {
    String key = FakeTokens.openAi();
    String text = "İzmir şubesi anahtarı " + key;
    Finding finding = scanner.scan(text).findings().getFirst();
    assertThat(text.substring(finding.start(), finding.end())).isEqualTo(key);
    for (String token : List.of(FakeTokens.github(), FakeTokens.slack(), FakeTokens.jwt("{\"alg\":\"HS256\"}"))) {
      assertThat(found("İİ İstanbul " + token + " ok")).containsExactly(finding(token));
    }
    assertThat(found("İİ APİ password: Zr8#qL2!vX9m")).containsExactly("generic_secret:Zr8#qL2!vX9m");
  }

  private String finding(String token) {
    return scanner.scan(token).findings().getFirst().subtype() + ":" + token;
  }
}
