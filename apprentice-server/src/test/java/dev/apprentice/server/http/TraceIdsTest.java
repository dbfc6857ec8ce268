package dev.apprentice.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceIdsTest {

  @Test
  void anIdIsTrFollowedByTheMillisecondsInHexThenTheRandomPart() {
    assertThat(TraceIds.of(0x18f2a3b4c5dL, 0xfedcba9876543210L)).isEqualTo("tr_018f2a3b4c5d" + "ba9876543210");
    assertThat(TraceIds.next()).matches("tr_[0-9a-f]{24}");
  }

  @Test
  void idsMadeLaterSortAfterIdsMadeEarlierWhateverTheirRandomPart() {
    String earlier = TraceIds.of(1_763_900_000_000L, -1L);
    String later = TraceIds.of(1_763_900_000_001L, 0L);
    assertThat(later).isGreaterThan(earlier);
  }

  @Test
  void idsMadeInTheSameMillisecondDiffer() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) ids.add(TraceIds.of(1_763_900_000_000L, i * 0x9E3779B97F4A7C15L));
    assertThat(new HashSet<>(ids)).hasSize(ids.size());
  }

  @Test
  void theServersIdsCarryTheTimeTheyWereMade() {
    long before = System.currentTimeMillis();
    String id = TraceIds.next();
    long after = System.currentTimeMillis();
    long millis = Long.parseLong(id.substring(3, 15), 16);
    assertThat(millis).isBetween(before, after);
  }
}
