package dev.apprentice.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class BenchOverheadTest {

    @Test
    void overheadIsTheDifferenceOfPercentiles() {
        Latency gateway = new Latency(100, 700, 900, 2_000, 5_000, 750);
        Latency direct = new Latency(100, 400, 600, 1_200, 9_000, 450);

        assertThat(Overhead.of(gateway, direct)).contains(new Overhead(300, 800));
    }

    @Test
    void aGatewayFasterThanDirectAtSomePercentileShowsANegativeOverhead() {
        Latency gateway = new Latency(10, 500, 500, 900, 900, 500);
        Latency direct = new Latency(10, 400, 400, 1_000, 1_000, 400);

        assertThat(Overhead.of(gateway, direct)).contains(new Overhead(100, -100));
    }

    @Test
    void thereIsNoOverheadWhenEitherSideRecordedNothing() {
        Latency some = new Latency(1, 1, 1, 1, 1, 1);

        assertThat(Overhead.of(Latency.EMPTY, some)).isEmpty();
        assertThat(Overhead.of(some, Latency.EMPTY)).isEmpty();
    }

    @Test
    void latencyPercentilesComeFromTheHistogram() {
        Histogram micros = new Histogram(3);
        for (int v = 1; v <= 1000; v++) {
            micros.recordValue(v);
        }

        Latency latency = Latency.of(micros);

        assertThat(latency.count()).isEqualTo(1000);
        assertThat(latency.p50()).isEqualTo(500);
        assertThat(latency.p90()).isEqualTo(900);
        assertThat(latency.p99()).isEqualTo(990);
        assertThat(latency.max()).isEqualTo(1000);
        assertThat(Latency.of(new Histogram(3)).isEmpty()).isTrue();
    }
}
