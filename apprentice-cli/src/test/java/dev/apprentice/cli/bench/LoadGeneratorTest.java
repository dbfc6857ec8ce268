package dev.apprentice.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

    private static final Workload PLAIN = new Workload("m", false);
    private static final Workload STREAM = new Workload("m", true);

    private FakeChatServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = new FakeChatServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void anOpenLoopRunAt200RpsForOneSecondSendsAbout200Requests() {
        RunResult run = generator(Duration.ZERO, Duration.ofSeconds(1), 100)
                .openLoop(server.target("ok"), PLAIN, 200, CpuClock.NONE);

        assertThat(run.sent()).isBetween(195L, 205L);
        assertThat(run.ok()).isEqualTo(run.sent());
        assertThat(run.errorCount()).isZero();
        assertThat(run.achievedRps()).isBetween(100.0, 300.0);
        assertThat(run.latency().count()).isEqualTo(run.ok());
        assertThat(run.latency().p50()).isPositive().isLessThanOrEqualTo(run.latency().p99());
        assertThat(server.requests()).isGreaterThanOrEqualTo((int) run.sent());
    }

    @Test
    void warmUpRequestsAreSentButNotCounted() {
        RunResult run = generator(Duration.ofMillis(500), Duration.ofMillis(500), 100)
                .openLoop(server.target("ok"), PLAIN, 100, CpuClock.NONE);

        assertThat(run.sent()).isBetween(45L, 55L);
        assertThat(server.requests()).isGreaterThanOrEqualTo(95);
    }

    @Test
    void non2xxAnswersAreCountedAsStatusErrorsWithTheirCode() {
        RunResult run = generator(Duration.ZERO, Duration.ofMillis(500), 100)
                .openLoop(server.target("fail"), PLAIN, 100, CpuClock.NONE);

        assertThat(run.ok()).isZero();
        assertThat(run.errors()).containsOnlyKeys(ErrorKind.STATUS);
        assertThat(run.errorCount()).isEqualTo(run.sent()).isPositive();
        assertThat(run.statuses()).containsOnlyKeys(500);
        assertThat(run.firstError()).isEqualTo("HTTP 500: {\"error\":{\"message\":\"boom\"}}");
        assertThat(run.latency().isEmpty()).isTrue();
    }

    @Test
    void aStreamWithoutDoneCountsAsAnError() {
        RunResult run = generator(Duration.ZERO, Duration.ofMillis(500), 100)
                .openLoop(server.target("nodone"), STREAM, 100, CpuClock.NONE);

        assertThat(run.ok()).isZero();
        assertThat(run.errors()).containsOnlyKeys(ErrorKind.INCOMPLETE_STREAM);
        assertThat(run.errorCount()).isEqualTo(run.sent());
    }

    @Test
    void aCompleteStreamSucceedsAndRecordsTimeToFirstByte() {
        RunResult run = generator(Duration.ZERO, Duration.ofMillis(500), 100)
                .openLoop(server.target("ok"), STREAM, 100, CpuClock.NONE);

        assertThat(run.errorCount()).isZero();
        assertThat(run.mode()).isEqualTo("stream");
        assertThat(run.firstByte().count()).isEqualTo(run.ok());
        assertThat(run.firstByte().p50()).isLessThanOrEqualTo(run.latency().max());
    }

    @Test
    void requestsBeyondTheInFlightBoundAreDroppedAndCounted() {
        RunResult run = generator(Duration.ZERO, Duration.ofSeconds(1), 2)
                .openLoop(server.target("slow"), PLAIN, 50, CpuClock.NONE);

        assertThat(run.errors()).containsKey(ErrorKind.DROPPED);
        assertThat(run.errors().get(ErrorKind.DROPPED)).isGreaterThan(run.sent() / 2);
        assertThat(run.ok()).isLessThanOrEqualTo(10);
        assertThat(run.connections()).isLessThanOrEqualTo(4);
    }

    @Test
    void requestsDelayedByAStalledSchedulerAreChargedTheDelayFromTheirIntendedStart() {
        // the CPU clock is read on the scheduling thread when the measured window opens: stall it there for 300 ms
        CpuClock stallingClock = () -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        };

        RunResult run = generator(Duration.ofMillis(200), Duration.ofSeconds(1), 1000)
                .openLoop(server.target("ok"), PLAIN, 100, stallingClock);

        assertThat(run.errorCount()).isZero();
        assertThat(run.sent()).isBetween(95L, 105L);
        assertThat(run.latency().max()).isGreaterThanOrEqualTo(250_000);
        assertThat(run.latency().p50()).isLessThan(run.latency().max());
    }

    @Test
    void aClosedLoopRunReportsItsAchievedRate() {
        RunResult run = generator(Duration.ofMillis(200), Duration.ofSeconds(1), 100)
                .closedLoop(server.target("ok"), PLAIN, 4, CpuClock.NONE);

        assertThat(run.load()).isEqualTo("closed");
        assertThat(run.level()).isEqualTo(4);
        assertThat(run.errorCount()).isZero();
        assertThat(run.ok()).isPositive();
        assertThat(run.achievedRps()).isPositive();
        assertThat(run.connections()).isBetween(1, 8);
    }

    @Test
    void anUnreachableTargetCountsIoErrorsInsteadOfThrowing() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        BenchTarget closed = new BenchTarget("closed", URI.create("http://127.0.0.1:" + port + "/v1"), Map.of());

        RunResult run = generator(Duration.ZERO, Duration.ofMillis(300), 100).openLoop(closed, PLAIN, 50, CpuClock.NONE);

        assertThat(run.ok()).isZero();
        assertThat(run.errors()).containsOnlyKeys(ErrorKind.IO);
        assertThat(run.firstError()).contains("ConnectException");
    }

    @Test
    void targetProcessCpuIsChargedPerSuccessfulRequestWhenAClockIsGiven() {
        ProcessProbe probe = ProcessProbe.system();
        CpuClock ownCpu = probe.cpuClock(ProcessHandle.current().pid());

        RunResult run = generator(Duration.ZERO, Duration.ofMillis(500), 100).openLoop(server.target("ok"), PLAIN, 100, ownCpu);
        RunResult without = generator(Duration.ZERO, Duration.ofMillis(200), 100)
                .openLoop(server.target("ok"), PLAIN, 50, CpuClock.NONE);

        assertThat(run.cpuMicrosPerRequest()).isNotNaN().isGreaterThanOrEqualTo(0);
        assertThat(without.cpuMicrosPerRequest()).isNaN();
    }

    @Test
    void extraHeadersOfATargetAreSentWithEveryRequest() {
        BenchTarget target = new BenchTarget("peer", server.url("ok"), Map.of("x-portkey-provider", "openai"));

        Exchange exchange = generator(Duration.ZERO, Duration.ofMillis(100), 10).probe(target, PLAIN);

        assertThat(exchange.ok()).isTrue();
        assertThat(server.lastHeader("x-portkey-provider")).isEqualTo("openai");
        assertThat(server.lastHeader("content-type")).isEqualTo("application/json");
    }

    private static LoadGenerator generator(Duration warmup, Duration duration, int maxInFlight) {
        return new LoadGenerator(new LoadSettings(warmup, duration, Duration.ofSeconds(5), maxInFlight));
    }
}
