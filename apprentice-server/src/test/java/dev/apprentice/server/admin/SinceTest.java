package dev.apprentice.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SinceTest {

  private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-24T06:00:00Z"), ZoneOffset.UTC);

  @Test
  void spansDaysAndInstantsAreRead() {
    assertThat(Since.parse("90m", NOW)).isEqualTo(Instant.parse("2026-11-24T04:30:00Z"));
    assertThat(Since.parse("2026-11-23", NOW)).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
    assertThat(Since.parse(" 2026-11-23T08:00:00Z ", NOW)).isEqualTo(Instant.parse("2026-11-23T08:00:00Z"));
  }

  @Test
  void anIsoTimeWithoutSecondsOrWithAnOffsetIsReadAsTheInstantItNames() {
    assertThat(Since.parse("2026-11-23T08:00Z", NOW)).isEqualTo(Instant.parse("2026-11-23T08:00:00Z"));
    assertThat(Since.parse("2026-11-23T09:00+01:00", NOW)).isEqualTo(Instant.parse("2026-11-23T08:00:00Z"));
    assertThat(Since.parse("2026-11-23T03:30:15.5-05:00", NOW)).isEqualTo(Instant.parse("2026-11-23T08:30:15.500Z"));
    assertThatThrownBy(() -> Since.parse("2026-11-23T08:00", NOW)).as("a time without its offset names no instant")
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ISO-8601 instant");
  }

  @Test
  void anInstantBeyondWhatACallCanCarryIsRefusedAsBadInputNotLeftToOverflowLater() {
    assertThatThrownBy(() -> Since.parse("+300000000-01-01T00:00:00Z", NOW))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between years 0 and 9999");
    assertThatThrownBy(() -> Since.parse("-300000000-01-01T00:00:00Z", NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSpanReachingBeforeYearZeroIsRefusedLikeAnInstantThatFar() {
    assertThatThrownBy(() -> Since.parse("999999999w", NOW))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between years 0 and 9999");
    assertThat(Since.parse("105000w", NOW)).isAfter(Instant.parse("0000-01-01T00:00:00Z"));
  }

  @Test
  void somethingElseSaysWhatIsAccepted() {
    assertThatThrownBy(() -> Since.parse("last tuesday", NOW)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("30m, 1h or 7d");
  }
}
