package dev.apprentice.store;

import java.time.Instant;

/**
 * A stored evaluation run.
 *
 * @param suite     the suite's name
 * @param suiteText the suite file as the run started with it
 * @param endedAt   when it last stopped, null while running
 * @param status    {@code running}, {@code completed}, {@code interrupted}, {@code budget_exhausted},
 *                  {@code refused} or {@code failed}
 */
public record EvaluationRun(String id, String suite, String suiteText, Instant startedAt, Instant endedAt,
    String status) {}
