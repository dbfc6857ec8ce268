package dev.apprentice.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.Deadline;
import dev.apprentice.guard.pii.PiiScanner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScannerForCallTest {

  /** A wrapper as a scanner should be written: it makes its view of a call in the deadline's version only. */
  private static final class Wrapping implements Scanner {
    private final Scanner scanner = new PiiScanner();
    final List<Deadline> calls = new ArrayList<>();

    @Override
    public String name() {
      return scanner.name();
    }

    @Override
    public double threshold() {
      return scanner.threshold();
    }

    @Override
    public ScanResult scan(String text) {
      return scanner.scan(text);
    }

    @Override
    public Scanner forCall(Deadline deadline) {
      calls.add(deadline);
      return this;
    }
  }

  @Test
  void aScannerForACallWithoutADeadlineIsMadeAsForOneWithNoDeadline() {
    Wrapping wrapping = new Wrapping();

    wrapping.forCall();

    assertThat(wrapping.calls).containsExactly(Deadline.NONE);
  }

  @Test
  void aScannerThatWaitsOnNothingIsItsOwnScannerForACall() {
    PiiScanner pii = new PiiScanner();

    assertThat(pii.forCall()).isSameAs(pii);
    assertThat(pii.forCall(Deadline.NONE)).isSameAs(pii);
  }
}
