package dev.apprentice.cli.eval;

import dev.apprentice.cli.BadInput;
import dev.apprentice.eval.suite.MetricSpec;
import dev.apprentice.eval.suite.Suite;
import java.util.Set;

/**
 * The retrieval metrics score the chunks each call retrieved, which only a gateway in the run's process reports (read
 * from the call): an answer over HTTP does not carry them, so every item would score 0 without a word. A suite with
 * one of them is refused before any call when the run's calls go to a server.
 */
final class RetrievalOverHttp {

  /** Metrics that score the chunks a call retrieved. */
  static final Set<String> RETRIEVAL = Set.of("context_precision", "context_recall");

  private RetrievalOverHttp() {}

  /**
   * Bad input naming the suite's first retrieval metric, if it has one.
   *
   * @param where where the calls go, e.g. {@code with --url this run's calls go to a server}
   * @param instead what to do instead
   */
  static void refuse(Suite suite, String where, String instead) {
    for (int i = 0; i < suite.metrics().size(); i++) {
      MetricSpec spec = suite.metrics().get(i);
      if (RETRIEVAL.contains(spec.metric())) {
        throw new BadInput("metrics[" + i + "] (" + spec.metric() + ") scores the chunks each call retrieved, which"
            + " only a gateway in this process reports: a server does not send them back over HTTP, and " + where
            + ", so every item would score 0: " + instead);
      }
    }
  }
}
