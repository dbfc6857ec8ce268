package dev.apprentice.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverheadHistogramTest {

    private static String exposition(long under100us, long under1ms, long all) {
        return String.join("\n",
                "# HELP apprentice_gateway_overhead_seconds Time spent inside the gateway",
                "# TYPE apprentice_gateway_overhead_seconds histogram",
                "apprentice_gateway_overhead_seconds_bucket{mode=\"json\",model=\"bench\",le=\"1.0E-4\"} " + under100us,
                "apprentice_gateway_overhead_seconds_bucket{mode=\"json\",model=\"bench\",le=\"0.001\"} " + under1ms,
                "apprentice_gateway_overhead_seconds_bucket{mode=\"json\",model=\"bench\",le=\"+Inf\"} " + all,
                "apprentice_gateway_overhead_seconds_bucket{mode=\"stream\",model=\"bench\",le=\"1.0E-4\"} 0",
                "apprentice_gateway_overhead_seconds_bucket{mode=\"stream\",model=\"bench\",le=\"0.001\"} 0",
                "apprentice_gateway_overhead_seconds_bucket{mode=\"stream\",model=\"bench\",le=\"+Inf\"} 0",
                "apprentice_gateway_overhead_seconds_count{mode=\"json\",model=\"bench\"} " + all,
                "apprentice_requests_total{model=\"bench\"} " + all, "");
    }

    @Test
    void aRunsDistributionIsTheDifferenceOfTheReadingsAroundIt() {
        OverheadHistogram before = OverheadHistogram.parse(exposition(5_000, 5_000, 5_000));
        OverheadHistogram after = OverheadHistogram.parse(exposition(5_000 + 9_000, 5_000 + 9_950, 5_000 + 10_000));

        OverheadHistogram run = after.since(before);

        assertThat(run.count()).isEqualTo(10_000);
        assertThat(run.upperBound(0.5)).isEqualTo(1.0E-4);
        assertThat(run.upperBound(0.99)).isEqualTo(0.001);
        assertThat(run.upperBound(0.999)).isInfinite();
        assertThat(run.shareOver(0.001)).isCloseTo(0.005, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void theWholeCallHistogramIsReadOnItsOwn() {
        String exposition = exposition(9_000, 9_950, 10_000) + exposition(100, 9_990, 10_000)
                .replace(OverheadHistogram.METRIC, OverheadHistogram.ANSWERED_METRIC);

        OverheadHistogram whole = OverheadHistogram.parse(exposition, OverheadHistogram.ANSWERED_METRIC);

        assertThat(whole.count()).isEqualTo(10_000);
        assertThat(whole.upperBound(0.5)).isEqualTo(0.001);
        assertThat(OverheadHistogram.parse(exposition).upperBound(0.5)).isEqualTo(1.0E-4);
    }

    @Test
    void anEndpointWithoutTheHistogramGivesNoQuantiles() {
        OverheadHistogram none = OverheadHistogram.parse("apprentice_requests_total 12\nnot a metric line\n");

        assertThat(none.count()).isZero();
        assertThat(none.upperBound(0.99)).isNaN();
        assertThat(none.shareOver(0.001)).isNaN();
    }

    @Test
    void theReportShowsWhatTheGatewayMeasuredOfItselfNextToTheRuns() {
        LoadSettings settings = new LoadSettings(Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(10), 1000);
        RunResult run = new RunResult("apprentice", "plain", "open", 1000, 10_000, 10_000, Map.of(), Map.of(), null, 1000,
                Latency.EMPTY, Latency.EMPTY, Double.NaN, 4);
        String exposition = exposition(9_000, 9_950, 10_000) + exposition(0, 9_000, 10_000)
                .replace(OverheadHistogram.METRIC, OverheadHistogram.ANSWERED_METRIC);
        MetricsReader.Reading own = new MetricsReader.Reading(OverheadHistogram.parse(exposition),
                OverheadHistogram.parse(exposition, OverheadHistogram.ANSWERED_METRIC));
        BenchReport report = new BenchReport("bench", settings, 64, "direct", "apprentice", "portkey", List.of(run),
                List.of(), List.of(InGatewayOverhead.of(run, own)));

        assertThat(MarkdownReport.render(report)).contains("## In-gateway overhead",
                "| plain | 1000 | apprentice | 10000 | 0.100 | 1.000 | 0.50% | > largest bucket |");
        assertThat(JsonReport.render(report)).contains("\"in_gateway\": [", "\"p99_le_us\": 1000.000",
                "\"share_over_1ms\": 0.005", "\"whole_call_p99_le_us\": null");
    }
}
