package dev.apprentice.local.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class IndexFaultsTest {

  @Test
  void aPlainIoErrorMadeOfItsCauseIsWordedWithoutTheCausesClassName() {
    assertThat(IndexFaults.words(new IOException(new IOException("read past the end"))))
        .isEqualTo("read past the end");
    assertThat(IndexFaults.words(new UncheckedIOException(new IOException(new IllegalStateException()))))
        .isEqualTo("an input/output error on its files");
  }
}
