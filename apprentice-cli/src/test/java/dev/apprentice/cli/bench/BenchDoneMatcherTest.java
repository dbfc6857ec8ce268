package dev.apprentice.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BenchDoneMatcherTest {

    @Test
    void theTerminatorIsFoundEvenWhenSplitAcrossPieces() {
        DoneMatcher matcher = new DoneMatcher();

        feed(matcher, "data: {\"a\":1}\n\nda");
        feed(matcher, "ta: [DO");
        assertThat(matcher.found()).isFalse();
        feed(matcher, "NE]\n\n");

        assertThat(matcher.found()).isTrue();
    }

    @Test
    void aRestartInsideAFalseStartIsNotMissed() {
        DoneMatcher matcher = new DoneMatcher();

        feed(matcher, "datadata: [DONE]");

        assertThat(matcher.found()).isTrue();
    }

    @Test
    void aStreamWithoutTheTerminatorIsNotDone() {
        DoneMatcher matcher = new DoneMatcher();

        feed(matcher, "data: {\"content\":\"[DONE]\"}\n\ndata: [DONE");

        assertThat(matcher.found()).isFalse();
    }

    private static void feed(DoneMatcher matcher, String text) {
        byte[] bytes = ("xx" + text).getBytes(StandardCharsets.UTF_8);
        matcher.accept(bytes, 2, bytes.length - 2);
    }
}
