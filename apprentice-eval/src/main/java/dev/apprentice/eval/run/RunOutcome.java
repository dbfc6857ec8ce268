package dev.apprentice.eval.run;

/**
 * How a call to the runner ended.
 *
 * @param run      the run as stored now (its status says why it stopped)
 * @param estimate the cost estimate made after the pilot, or null when none was made
 * @param ran      item calls made by this invocation
 * @param skipped  item calls skipped because a result was already stored (a resume)
 * @param failed   item calls of this invocation that failed (their call, or their scoring), not counting those in
 *                 {@code refusedByLimits}
 * @param refusedByLimits item calls of this invocation the gateway refused for a key's or tenant's budget or rate
 *                 limit ({@link ItemResult#refusedByLimits}): not run, neither failed by the model nor by the item
 * @param spentUsd the run's whole spend, including earlier invocations
 * @param message  a sentence for the user about how it ended
 * @param pilotFailure for a run that failed because every item call of a variant's pilot failed, or every call of
 *                 an LLM judge on the pilot items, or at its end every item call of a variant or every call of a
 *                 judge (a run without a pilot), the first of those results (its error says why); for a run
 *                 stopped {@link RunStatus#BUDGET_EXHAUSTED} because the gateway refused every item call of a
 *                 variant for a budget, the first refusal; for a run that failed because a rate limit refused
 *                 every item call of a variant's pilot, or at its end all of them, or {@link RateLimitStreaks#limit}
 *                 of them in a row, the first of those refusals; else null
 * @param failedJudge  the name of that judge metric when the judge's calls failed; else null
 */
public record RunOutcome(RunRecord run, CostEstimate estimate, int ran, int skipped, int failed, int refusedByLimits,
    double spentUsd, String message, ItemResult pilotFailure, String failedJudge) {}
