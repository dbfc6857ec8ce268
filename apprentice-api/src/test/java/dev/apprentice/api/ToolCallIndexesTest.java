package dev.apprentice.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ToolCallIndexesTest {

  private static ToolCall fragment(Integer index, String id, String arguments) {
    return new ToolCall(index, id, null, new ToolCall.FunctionCall(null, arguments));
  }

  @Test
  void aFragmentWithAnIndexBelongsToThatCall() {
    ToolCallIndexes indexes = new ToolCallIndexes();
    assertThat(indexes.of(fragment(0, "a", "{"))).isZero();
    assertThat(indexes.of(fragment(1, "b", "{"))).isEqualTo(1);
    assertThat(indexes.of(fragment(0, null, "}"))).isZero();
  }

  @Test
  void fragmentsWithoutIndexOrIdContinueTheCallTheFirstStarted() {
    ToolCallIndexes indexes = new ToolCallIndexes();
    assertThat(indexes.of(fragment(null, "a", "{\"x\""))).isZero();
    assertThat(indexes.of(fragment(null, null, ":1"))).isZero();
    assertThat(indexes.of(fragment(null, null, "}"))).isZero();
  }

  @Test
  void eachFragmentWithoutIndexThatCarriesANewIdStartsTheNextCall() {
    ToolCallIndexes indexes = new ToolCallIndexes();
    assertThat(indexes.of(fragment(null, "a", "{}"))).isZero();
    assertThat(indexes.of(fragment(null, "b", "{"))).isEqualTo(1);
    assertThat(indexes.of(fragment(null, null, "}"))).isEqualTo(1);
  }

  @Test
  void aFragmentWithoutIndexRepeatingAnIdGoesToThatIdsCall() {
    ToolCallIndexes indexes = new ToolCallIndexes();
    indexes.of(fragment(null, "a", "{"));
    indexes.of(fragment(null, "b", "{"));
    assertThat(indexes.of(fragment(null, "a", "}"))).isZero();
  }

  @Test
  void aFirstFragmentWithoutIndexOrIdStartsTheFirstCall() {
    assertThat(new ToolCallIndexes().of(fragment(null, null, "{}"))).isZero();
  }
}
