package dev.apprentice.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchProcessProbeTest {

    @Test
    void memoryAndCpuAreReadFromProcFiles(@TempDir Path proc) throws IOException {
        Path dir = Files.createDirectories(proc.resolve("42"));
        Files.writeString(dir.resolve("status"), "Name:\tjava\nVmHWM:\t  204800 kB\nVmRSS:\t  153600 kB\nThreads:\t30\n");
        Files.writeString(dir.resolve("stat"),
                "42 (my (odd) name) S 1 42 42 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 30 0 100 1000 2000\n");
        ProcessProbe probe = new ProcessProbe(proc);

        assertThat(probe.residentKib(42)).hasValue(153_600);
        assertThat(probe.peakResidentKib(42)).hasValue(204_800);
        assertThat(probe.cpuNanos(42)).hasValue(3_000_000_000L);
        assertThat(probe.residentKib(7)).isEmpty();
        assertThat(probe.cpuClock(7).cpuNanos()).isNegative();
    }

    @Test
    void theSamplerReportsPeaksOfLiveProcessesAndZeroForMissingOnes() throws InterruptedException {
        long self = ProcessHandle.current().pid();
        List<MemoryPeak> peaks;
        try (RssSampler sampler = new RssSampler(ProcessProbe.system(), Map.of("self", self), Duration.ofMillis(10)).start()) {
            Thread.sleep(50);
            peaks = sampler.peaks();
        }

        assertThat(peaks).singleElement().satisfies(peak -> {
            assertThat(peak.name()).isEqualTo("self");
            assertThat(peak.sampled()).isTrue();
            assertThat(peak.hwmKib()).isGreaterThanOrEqualTo(peak.peakRssKib());
        });
        try (RssSampler sampler = new RssSampler(ProcessProbe.system(), Map.of("gone", Long.MAX_VALUE), Duration.ofMillis(10))) {
            assertThat(sampler.start().peaks()).singleElement().satisfies(peak -> assertThat(peak.sampled()).isFalse());
        }
    }
}
