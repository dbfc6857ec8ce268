package dev.apprentice.server.accounting;

import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.api.trace.TraceSink;
import java.util.List;

/** Hands each trace to several sinks; one that throws (it must not) is logged and does not starve the others. */
final class TraceSinks implements TraceSink {

  private static final System.Logger LOG = System.getLogger(TraceSinks.class.getName());
  private final List<TraceSink> sinks;

  TraceSinks(List<TraceSink> sinks) {
    this.sinks = List.copyOf(sinks);
  }

  @Override
  public void accept(TraceRecord trace) {
    for (TraceSink sink : sinks) {
      try {
        sink.accept(trace);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "trace sink " + sink.getClass().getSimpleName() + " failed", e);
      }
    }
  }
}
