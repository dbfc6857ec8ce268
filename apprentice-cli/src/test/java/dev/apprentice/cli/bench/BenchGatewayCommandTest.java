package dev.apprentice.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchGatewayCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
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
    void aShortBenchmarkPrintsTablesForBothModesAndWritesJson(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("results/gateway.json");

        int exit = run("--target", "direct=" + server.url("ok"), "--target", "apprentice=" + server.url("ok"),
                "--header", "apprentice:x-bench=yes", "--rates", "50", "--duration", "300ms", "--warmup", "100ms",
                "--concurrency", "2", "--prewarm", "200ms", "--pid", "apprentice=" + ProcessHandle.current().pid(), "--out", json.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("## Open loop, plain", "## Open loop, stream", "## Saturation (closed loop, 2 workers)",
                "| 50 | direct |", "| 50 | apprentice |", "| plain | apprentice |", "## Memory", "| apprentice | "
                        + ProcessHandle.current().pid() + " |", "apprentice RSS under load <= 300 MB");
        assertThat(err.toString()).contains("bench: 8 runs", "[prewarm] stream apprentice", "[ 8/8]").doesNotContain("warning");
        assertThat(server.lastHeader("x-bench")).isEqualTo("yes");
        assertThat(Files.readString(json)).contains("\"mode\": \"stream\"", "\"load\": \"closed\"", "\"overhead_us\": {");
    }

    @Test
    void aGatewaysOwnOverheadHistogramIsReadAroundEachOpenLoopRun() {
        int exit = run("--target", "direct=" + server.url("ok"), "--target", "apprentice=" + server.url("ok"),
                "--metrics", "apprentice=" + server.metricsUrl(), "--rates", "40", "--duration", "300ms", "--warmup", "0s",
                "--no-saturation", "--prewarm", "0", "--stream", "off");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("## In-gateway overhead").containsPattern("\\| plain \\| 40 \\| apprentice \\| 1\\d \\| 0\\.100 \\| 0\\.100 \\| 0\\.00% \\|");
    }

    @Test
    void metricsForAnUnknownTargetAreRefused() {
        int exit = run("--target", "direct=" + server.url("ok"), "--metrics", "apprentice=" + server.metricsUrl());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--metrics names unknown target 'apprentice'");
    }

    @Test
    void aTargetThatFailsItsFirstRequestIsNamedBeforeTheRuns() {
        int exit = run("--target", "upstream=" + server.url("ok"), "--target", "broken=" + server.url("fail"),
                "--baseline", "upstream", "--rates", "20", "--duration", "200ms", "--warmup", "0s", "--no-saturation", "--prewarm", "0", "--stream", "off");

        assertThat(exit).isZero();
        assertThat(err.toString()).contains("bench: warning: broken (plain) failed its first request: HTTP 500");
        assertThat(out.toString()).contains("status", "500×").doesNotContain("## Saturation");
        assertThat(err.toString()).doesNotContain("[prewarm]", "no target named");
    }

    @Test
    void withoutABaselineTargetTheOverheadStaysEmptyAndAWarningSaysWhy() {
        int exit = run("--target", "apprentice=" + server.url("ok"), "--rates", "20", "--duration", "200ms", "--warmup", "0s",
                "--no-saturation", "--prewarm", "0", "--stream", "off");

        assertThat(exit).isZero();
        assertThat(err.toString()).contains("bench: warning: no target named 'direct' (--baseline)");
        assertThat(out.toString()).contains("| 20 | apprentice |", "| – | – | 0 |");
    }

    @Test
    void aNonLoopbackTargetIsRefused() {
        int exit = run("--target", "openai=http://api.openai.com/v1");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("only loopback targets");
    }

    @Test
    void aHeaderForAnUnknownTargetIsRefused() {
        int exit = run("--target", "direct=" + server.url("ok"), "--header", "portkey:x-portkey-provider=openai");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--header names unknown target 'portkey'");
    }

    @Test
    void theHelpNamesEveryOption() {
        int exit = run("--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("--target", "--header", "--model", "--rates", "--duration", "--warmup",
                "--concurrency", "--stream", "--pid", "--out", "--max-in-flight");
    }

    private int run(String... args) {
        CommandLine command = new CommandLine(new BenchGatewayCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }
}
