package dev.apprentice.eval.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemsDigestTest {

  private static EvalItem item(int index, String input, Map<String, Object> fields) {
    return new EvalItem(index, input, List.of("ref"), "label", List.of("doc#1"), fields);
  }

  @Test
  void theSameItemsGiveTheSameDigestWhateverTheOrderOfTheirColumns() {
    Map<String, Object> ab = new LinkedHashMap<>();
    ab.put("a", "1");
    ab.put("b", List.of(2, 3));
    Map<String, Object> ba = new LinkedHashMap<>();
    ba.put("b", List.of(2, 3));
    ba.put("a", "1");

    assertThat(ItemsDigest.of(List.of(item(0, "q", ab)))).isEqualTo(ItemsDigest.of(List.of(item(0, "q", ba))))
        .matches("sha256:[0-9a-f]{64}");
  }

  @Test
  void anyChangeToAnItemOrToWhichItemsThereAreChangesTheDigest() {
    List<EvalItem> items = List.of(item(0, "q", Map.of("a", "1")), item(1, "r", Map.of()));
    String digest = ItemsDigest.of(items);

    assertThat(List.of(
        List.of(item(0, "q", Map.of("a", "2")), item(1, "r", Map.of())),
        List.of(item(0, "q", Map.of("a", "1")), item(1, "s", Map.of())),
        List.of(item(0, "q", Map.of("a", "1")), item(2, "r", Map.of())),
        List.of(item(0, "q", Map.of("a", "1"))),
        List.of(item(0, "q", Map.of("a", "1")), new EvalItem(1, "r", List.of("ref"), "other", List.of("doc#1"),
            Map.of()))))
        .allSatisfy(other -> assertThat(ItemsDigest.of(other)).isNotEqualTo(digest));
  }
}
