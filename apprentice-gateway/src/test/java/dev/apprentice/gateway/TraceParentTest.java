package dev.apprentice.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceParentTest {

  @Test
  void aValidVersionZeroHeaderIsKeptAsItCame() {
    assertThat(TraceParent.valid("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    assertThat(TraceParent.valid(" 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00 "))
        .as("surrounding white space").isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
  }

  @Test
  void aLaterVersionIsReadByItsFirstFourFields() {
    assertThat(TraceParent.valid("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-whatever-comes"))
        .isEqualTo("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  }

  @Test
  void malformedZeroOrForbiddenHeadersAreIgnoredNotRefused() {
    assertThat(TraceParent.valid(null)).isNull();
    assertThat(TraceParent.valid("")).isNull();
    assertThat(TraceParent.valid("00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01")).as("upper case").isNull();
    assertThat(TraceParent.valid("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).as("zero trace").isNull();
    assertThat(TraceParent.valid("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")).as("zero span").isNull();
    assertThat(TraceParent.valid("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).as("version ff").isNull();
    assertThat(TraceParent.valid("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"))
        .as("version 00 has exactly four fields").isNull();
    assertThat(TraceParent.valid("00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01")).as("short id").isNull();
    assertThat(TraceParent.valid("x".repeat(10_000))).isNull();
  }
}
