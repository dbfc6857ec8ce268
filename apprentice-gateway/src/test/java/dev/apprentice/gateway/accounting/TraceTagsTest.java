package dev.apprentice.gateway.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TraceTagsTest {

  private static String many(int count) {
    return String.join(",", IntStream.range(0, count).mapToObj(i -> "tag" + i).toList());
  }

  @Test
  void tagsAreTrimmedNonEmptyAndKeptOnce() {
    assertThat(TraceTags.of(" a, b,,a ,")).containsExactly("a", "b");
    assertThat(TraceTags.of(null)).isEmpty();
    assertThat(TraceTags.of("  ")).isEmpty();
  }

  @Test
  void thirtyTwoTagsOf128CharactersAreKept() {
    String longest = "x".repeat(TraceTags.MAX_LENGTH);

    assertThatCode(() -> TraceTags.check(many(31) + "," + longest)).doesNotThrowAnyException();
    assertThat(TraceTags.of(many(31) + "," + longest)).hasSize(32).endsWith(longest);
  }

  @Test
  void aThirtyThirdTagIsRefusedNamingTheHeaderAndNothingOfItIsKept() {
    assertThatThrownBy(() -> TraceTags.check(many(33))).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
      assertThat(e.param()).isEqualTo("x-apprentice-tags");
      assertThat(e.getMessage()).isEqualTo("x-apprentice-tags: 33 tags, at most 32 are kept (comma-separated)");
    });
    assertThat(TraceTags.of(many(33))).isEmpty();
  }

  @Test
  void aTagOver128CharactersIsRefusedWithoutQuotingIt() {
    assertThatThrownBy(() -> TraceTags.check("a," + "y".repeat(129)))
        .hasMessage("x-apprentice-tags: tag 2 has 129 characters, at most 128 are allowed");
  }

  @Test
  void controlAndFormatCharactersAreRefused() {
    for (String hidden : new String[] {"\u001b[2J", "\u0085", "\u2028", "\u202e", "\u009b", "a\tb", "\u200b"}) {
      assertThatThrownBy(() -> TraceTags.check("ok," + hidden + "x")).as("%s", hidden.codePointAt(0))
          .hasMessageContaining("tag 2 holds a control or format character");
      assertThat(TraceTags.of("ok," + hidden + "x")).isEmpty();
    }
  }
}
