package dev.apprentice.server.accounting;

import dev.apprentice.api.TokenIds;
import dev.apprentice.api.trace.AttemptRecord;
import dev.apprentice.api.trace.Tokens;
import dev.apprentice.gateway.Attempt;
import dev.apprentice.gateway.cost.Pricing;
import dev.apprentice.gateway.cost.TokenEstimator;
import dev.apprentice.gateway.routing.ModelRoute;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What an embeddings call is booked at, as a chat call's accounting books it: the answer's tokens and cost on the
 * attempt that answered (the tokens the provider reported or, when it reported no usage, the inputs counted locally as
 * the limits count them, for the answering target's upstream model, marked estimated), and, for every attempt given
 * up after its request was sent ({@link Attempt#givenUpAfterSending}: timed out, abandoned by a client that left, a
 * 2xx answer that could not be read), the inputs counted the same way, at that attempt's own target's input price,
 * marked estimated. The call's tokens and cost are the sums.
 *
 * @param tokens       the call's tokens: the answer's input plus every given-up attempt's
 * @param costUsd      the call's cost
 * @param estimated    true when some of the tokens were counted locally
 * @param answerTokens what the answer is booked at: the tokens its provider reported, else those counted (0 when
 *                     nothing answered)
 * @param attempts     the attempts as the trace records them, each with what it is booked at
 */
record EmbeddingBill(Tokens tokens, double costUsd, boolean estimated, int answerTokens, List<AttemptRecord> attempts) {

  /** A call no model answered or was asked: nothing. */
  static final EmbeddingBill NOTHING = new EmbeddingBill(Tokens.NONE, 0, false, 0, List.of());

  /** What the call's inputs were: texts, or token ids (then counted as they are). */
  record Inputs(List<String> texts, TokenIds tokenIds) {

    /** The inputs' tokens as {@code upstreamModel} counts them; the limits count them the same way. */
    int count(TokenEstimator estimator, String upstreamModel) {
      if (tokenIds != null) return (int) Math.min(Integer.MAX_VALUE, tokenIds.count());
      long total = 0;
      for (String text : texts) {
        total += upstreamModel == null ? estimator.countText(text) : estimator.countText(text, upstreamModel);
      }
      return (int) Math.min(Integer.MAX_VALUE, total);
    }
  }

  /**
   * @param route          the alias's route (null for a built-in model, which costs nothing)
   * @param answeredBy     the upstream model of the target that answered (the last attempt that succeeded carries the
   *                       answer), or null when none did
   * @param reportedTokens the tokens the answer reported, or null when it reported no usage (then counted here)
   */
  static EmbeddingBill of(Pricing pricing, TokenEstimator estimator, ModelRoute route, Inputs inputs,
      List<Attempt> attempts, String answeredBy, Integer reportedTokens) {
    List<Attempt.Booking> bookings = new ArrayList<>(Collections.nCopies(attempts.size(), Attempt.Booking.NOTHING));
    long input = 0;
    double cost = 0;
    boolean estimated = false;
    int answerTokens = 0;
    if (answeredBy != null) {
      boolean counted = reportedTokens == null;
      answerTokens = counted ? inputs.count(estimator, answeredBy) : reportedTokens;
      double usd = route == null ? 0 : pricing.cost(route, answeredBy, new Tokens(answerTokens, 0, 0, 0, 0));
      int answering = lastSucceeded(attempts);
      if (answering >= 0) bookings.set(answering, new Attempt.Booking(answerTokens, 0, usd, counted));
      input = answerTokens;
      cost = usd;
      estimated = counted;
    }
    for (int i = 0; i < attempts.size(); i++) {
      Attempt attempt = attempts.get(i);
      if (!attempt.givenUpAfterSending()) continue;
      String model = attempt.target().upstreamModel();
      int counted = inputs.count(estimator, model);
      double usd = route == null ? 0 : pricing.cost(route, model, new Tokens(counted, 0, 0, 0, 0));
      bookings.set(i, new Attempt.Booking(counted, 0, usd, true));
      input += counted;
      cost += usd;
      estimated = true;
    }
    Tokens tokens = input == 0 ? Tokens.NONE : new Tokens((int) Math.min(Integer.MAX_VALUE, input), 0, 0, 0, 0);
    return new EmbeddingBill(tokens, cost, estimated, answerTokens, Attempt.records(attempts, bookings));
  }

  private static int lastSucceeded(List<Attempt> attempts) {
    for (int i = attempts.size() - 1; i >= 0; i--) {
      if (attempts.get(i).succeeded()) return i;
    }
    return -1;
  }
}
