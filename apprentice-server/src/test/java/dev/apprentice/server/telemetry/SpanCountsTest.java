package dev.apprentice.server.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * An export is counted once, when its exporter answers or when the export timeout passes without an answer, whichever
 * comes first; either way its places come back.
 */
class SpanCountsTest {

  private static final int CAPACITY = 8;

  private final Timeouts timeouts = new Timeouts();
  private final SpanCounts counts = new SpanCounts(CAPACITY, timeouts);
  private final Held exporter = new Held();
  private final SpanExporter counting = counts.counting(exporter);

  @Test
  void anExportNeverAnsweredGivesItsPlacesBackAsFailedOnceTheTimeoutPassesSoAnExporterThatRecoversIsUsedAgain() {
    assertThat(counts.take(CAPACITY)).isTrue();
    counting.export(spans(CAPACITY));
    assertThat(counts.take(1)).as("every place is held by the unanswered export").isFalse();

    timeouts.pass();

    assertThat(counts.failed()).isEqualTo(CAPACITY);
    assertThat(counts.onTheirWay()).isZero();
    assertThat(counts.take(3)).isTrue();
    counting.export(spans(3));
    exporter.answer(1, true);
    assertThat(counts.exported()).isEqualTo(3);
    assertThat(counts.onTheirWay()).isZero();

    exporter.answer(0, true); // the stuck export answers at last: it was already counted
    assertThat(counts.exported()).isEqualTo(3);
    assertThat(counts.failed()).isEqualTo(CAPACITY);
    assertThat(counts.onTheirWay()).isZero();
  }

  @Test
  void anExportAnsweredBeforeTheTimeoutIsCountedOnceAndTheTimeoutPassingLaterChangesNothing() {
    assertThat(counts.take(5)).isTrue();
    counting.export(spans(5));
    exporter.answer(0, false);

    timeouts.pass();

    assertThat(counts.failed()).isEqualTo(5);
    assertThat(counts.exported()).isZero();
    assertThat(counts.onTheirWay()).isZero();
    assertThat(counts.take(CAPACITY)).as("places are given back once, not twice").isTrue();
    assertThat(counts.take(1)).isFalse();
  }

  /** {@code n} spans; the counts read only how many there are. */
  private static Collection<SpanData> spans(int n) {
    return Collections.nCopies(n, (SpanData) null);
  }

  /** Export timeouts that pass only when the test says so. */
  private static final class Timeouts implements SpanCounts.Timeout {
    private final List<CompletableFuture<Boolean>> waiting = new ArrayList<>();

    @Override
    public void failLater(CompletableFuture<Boolean> answer) {
      waiting.add(answer);
    }

    void pass() {
      waiting.forEach(answer -> answer.complete(false));
    }
  }

  /** An exporter whose exports are answered only when the test says so, maybe never. */
  private static final class Held implements SpanExporter {
    private final List<CompletableResultCode> results = new ArrayList<>();

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      CompletableResultCode result = new CompletableResultCode();
      results.add(result);
      return result;
    }

    void answer(int export, boolean success) {
      CompletableResultCode result = results.get(export);
      if (success) result.succeed(); else result.fail();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
