package dev.apprentice.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchTargetTest {

    @Test
    void aTargetIsParsedFromNameEqualsUrl() {
        BenchTarget target = BenchTarget.parse("apprentice=http://127.0.0.1:8080/v1", Map.of("x-a", "b"));

        assertThat(target.name()).isEqualTo("apprentice");
        assertThat(target.host()).isEqualTo("127.0.0.1");
        assertThat(target.port()).isEqualTo(8080);
        assertThat(target.chatCompletionsPath()).isEqualTo("/v1/chat/completions");
        assertThat(target.headers()).containsEntry("x-a", "b");
    }

    @Test
    void aTrailingSlashOrNoPortStillGivesTheRightPath() {
        BenchTarget target = new BenchTarget("t", URI.create("http://localhost/openai/v1/"), Map.of());

        assertThat(target.port()).isEqualTo(80);
        assertThat(target.chatCompletionsPath()).isEqualTo("/openai/v1/chat/completions");
    }

    @Test
    void onlyLoopbackTargetsAreAccepted() {
        assertThatThrownBy(() -> BenchTarget.parse("openai=http://api.openai.com/v1", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only loopback");
        assertThatThrownBy(() -> BenchTarget.parse("lan=http://10.0.0.5:8080/v1", Map.of()))
                .hasMessageContaining("only loopback");
        assertThat(BenchTarget.parse("lo=http://127.0.0.2:9/v1", Map.of()).host()).isEqualTo("127.0.0.2");
    }

    @Test
    void malformedTargetsAndHeadersAreRejected() {
        assertThatThrownBy(() -> BenchTarget.parse("noequals", Map.of())).hasMessageContaining("expected name=url");
        assertThatThrownBy(() -> BenchTarget.parse("tls=https://127.0.0.1/v1", Map.of())).hasMessageContaining("http://");
        assertThatThrownBy(() -> BenchTarget.parse("t=http://127.0.0.1/v1", Map.of("bad name", "v")))
                .hasMessageContaining("invalid header");
        assertThatThrownBy(() -> BenchTarget.parse("t=http://127.0.0.1/v1", Map.of("x", "a\r\nInjected: 1")))
                .hasMessageContaining("invalid header");
    }

    @Test
    void aWorkloadAsksForItsModelAndStreamsOnlyWhenAskedTo() {
        assertThat(new String(new Workload("bench", false).body())).contains("\"model\":\"bench\"").doesNotContain("stream");
        assertThat(new String(new Workload("bench", true).body())).endsWith(",\"stream\":true}");
        assertThatThrownBy(() -> new Workload("a\"b", false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durationsReadShortFormsPlainSecondsAndIso() {
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(DurationConverter.parse("1.5")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationConverter.parse("PT3S")).isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> DurationConverter.parse("soon")).hasMessageContaining("expected a duration");
    }
}
