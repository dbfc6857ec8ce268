package dev.apprentice.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    private static final LoadSettings SETTINGS = new LoadSettings(Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(10), 1000);

    @Test
    void overheadIsReportedAgainstTheBaselineAtTheSameModeAndRate() {
        BenchReport report = report(List.of(
                open("direct", 1000, 300, 900, Map.of()),
                open("apprentice", 1000, 450, 1_500, Map.of()),
                open("apprentice", 500, 100, 100, Map.of())), List.of());

        assertThat(report.overhead(report.runs().get(1))).contains(new Overhead(150, 600));
        assertThat(report.overhead(report.runs().get(0))).isEmpty();
        assertThat(report.overhead(report.runs().get(2))).as("no direct run at 500 RPS").isEmpty();
    }

    @Test
    void goalsAreMetWhenOverheadThroughputMemoryAndErrorsAreWithinTheIssuesTargets() {
        BenchReport report = report(List.of(
                open("direct", 1000, 300, 900, Map.of()),
                open("apprentice", 1000, 450, 1_800, Map.of()),
                open("apprentice", 5000, 450, 1_800, Map.of(ErrorKind.DROPPED, 10L)),
                closed("apprentice", 4_500),
                closed("portkey", 700)),
                List.of(new MemoryPeak("apprentice", 1, 200 * 1024, 250 * 1024)));

        assertThat(report.goals()).extracting(Goal::met).containsExactly(true, true, true, true);
        assertThat(report.goals()).extracting(Goal::value).containsExactly("0.900 ms", "6.4x", "200 MB", "0");
        assertThat(report.goals().get(3).goal()).as("5000 RPS is above the saturated 4500").contains("[1000] RPS");
    }

    @Test
    void goalsThatAreMissedSaySo() {
        BenchReport report = report(List.of(
                open("direct", 1000, 300, 900, Map.of()),
                open("apprentice", 1000, 450, 2_500, Map.of(ErrorKind.STATUS, 3L)),
                closed("apprentice", 8_000),
                closed("portkey", 2_000)),
                List.of(new MemoryPeak("apprentice", 1, 400 * 1024, 400 * 1024)));

        assertThat(report.goals()).extracting(Goal::met).containsOnly(false);
        String markdown = MarkdownReport.render(report);
        assertThat(markdown).contains("| 1000 | apprentice | 0.450 |", "+0.150 | +1.600 | 3 (status 3: 502×3)",
                "**no**", "Max RPS apprentice/portkey (plain): **4.0x**", "| apprentice | 1 | 400 | 400 |");
    }

    @Test
    void theJsonReportHoldsEveryRunWithOverheadAndEscapedErrors() {
        BenchReport report = report(List.of(
                open("direct", 1000, 300, 900, Map.of()),
                open("apprentice", 1000, 450, 1_500, Map.of(ErrorKind.STATUS, 1L))), List.of());

        String json = JsonReport.render(report);

        assertThat(json).contains("\"runs\": [", "\"target\": \"apprentice\"", "\"overhead_us\": {\"p50\": 150, \"p99\": 600}",
                "\"errors\": {\"status\": 1}", "\"statuses\": {\"502\": 1}", "\"first_error\": \"bad \\\"quote\\\"\\n\"",
                "\"cpu_us_per_request\": null", "\"baseline\": \"direct\"");
        assertThat(json.chars().filter(c -> c == '{').count()).isEqualTo(json.chars().filter(c -> c == '}').count());
    }

    private static BenchReport report(List<RunResult> runs, List<MemoryPeak> memory) {
        return new BenchReport("bench", SETTINGS, 64, "direct", "apprentice", "portkey", runs, memory, List.of());
    }

    private static RunResult open(String target, int rate, long p50, long p99, Map<ErrorKind, Long> errors) {
        long errorCount = errors.values().stream().mapToLong(Long::longValue).sum();
        return new RunResult(target, "plain", "open", rate, rate * 10L, rate * 10L - errorCount, errors,
                errors.containsKey(ErrorKind.STATUS) ? Map.of(502, errors.get(ErrorKind.STATUS)) : Map.of(),
                errorCount > 0 ? "bad \"quote\"\n" : null, rate, new Latency(rate * 10L, p50, p50, p99, p99 * 2, p50),
                Latency.EMPTY, Double.NaN, 4);
    }

    private static RunResult closed(String target, double rps) {
        return new RunResult(target, "plain", "closed", 64, (long) rps * 10, (long) rps * 10, Map.of(), Map.of(), null, rps,
                new Latency((long) rps * 10, 5_000, 6_000, 9_000, 20_000, 5_000), Latency.EMPTY, 35.0, 64);
    }
}
