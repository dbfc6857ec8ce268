package dev.apprentice.providers.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How long an upstream asked to wait, in each form it may say it, and nothing read from what it cannot mean. */
class RetryAfterTest {

  private static HttpHeaders headers(String... pairs) {
    Map<String, List<String>> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i + 1 < pairs.length; i += 2) map.put(pairs[i], List.of(pairs[i + 1]));
    return HttpHeaders.of(map, (a, b) -> true);
  }

  @Test
  void wholeOrDecimalSecondsAreRead() {
    assertThat(RetryAfter.parseValue("7")).isEqualTo(Duration.ofSeconds(7));
    assertThat(RetryAfter.parseValue(" 1.5 ")).isEqualTo(Duration.ofMillis(1500));
    assertThat(RetryAfter.parseValue("0")).isEqualTo(Duration.ZERO);
  }

  @Test
  void anHttpDateIsTheTimeUntilItAndOneThatPassedIsNoWait() {
    String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(60));

    assertThat(RetryAfter.parseValue(inAMinute)).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(60));
    assertThat(RetryAfter.parseValue("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
  }

  @Test
  void aHugeWaitIsReadAsTenMinutesAtMost() {
    assertThat(RetryAfter.parseValue("86400")).isEqualTo(Duration.ofMinutes(10));
    assertThat(RetryAfter.parseValue("99999999999999999999999999")).isEqualTo(Duration.ofMinutes(10));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-5", "soon", "", "NaN", "Infinity", "1e3", "10d", "5f", "0x1p3", "+3", "3 seconds"})
  void whatIsNeitherSecondsNorADateIsNoRetryAfter(String value) {
    assertThat(RetryAfter.parseValue(value)).isNull();
    assertThat(RetryAfter.parse(headers("retry-after", value))).isNull();
  }

  @Test
  void eitherHeaderIsReadWithBlanksAroundItAndZeroIsNoWait() {
    assertThat(RetryAfter.parse(headers("retry-after-ms", " 5 "))).isEqualTo(Duration.ofMillis(5));
    assertThat(RetryAfter.parse(headers("retry-after", " 5 "))).isEqualTo(Duration.ofSeconds(5));
    assertThat(RetryAfter.parse(headers("retry-after-ms", "0", "retry-after", "3"))).isEqualTo(Duration.ZERO);
    assertThat(RetryAfter.parse(headers("retry-after-ms", " ", "retry-after", "3"))).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void retryAfterMsWinsOverRetryAfterAndAnUnreadableOneLeavesItToRetryAfter() {
    assertThat(RetryAfter.parse(headers("retry-after-ms", "250", "retry-after", "3"))).isEqualTo(Duration.ofMillis(250));
    assertThat(RetryAfter.parse(headers("retry-after-ms", "Infinity", "retry-after", "3")))
        .isEqualTo(Duration.ofSeconds(3));
    assertThat(RetryAfter.parse(headers())).isNull();
  }
}
