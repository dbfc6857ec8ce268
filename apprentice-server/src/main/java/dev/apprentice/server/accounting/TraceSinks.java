package dev.apprentice.server.accounting;

import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.api.trace.TraceSink;
import java.util.List;

/** Hands each trace to several sinks; one that throws (it must not) is logged and does not starve the others. */
final class TraceSinks implements TraceSink {

  private static final System.Logger LOG = System.getLogger(TraceSinks.class.getName());
  private final List<TraceSink> sinks;
  private final boolean readsGeneration;

  TraceSinks(List<TraceSink> sinks) {
    this.sinks = List.copyOf(sinks);
    this.readsGeneration = this.sinks.stream().anyMatch(TraceSink::readsGeneration);
  }

  /** True when one of the sinks reads it. */
  @Override
  public boolean readsGeneration() {
    return readsGeneration;
  }

  @Override
  public void accept(TraceRecord trace) {
    forEach(sink -> sink.accept(trace));
  }

  @Override
  public void acceptRefused(TraceRecord trace) {
    forEach(sink -> sink.acceptRefused(trace));
  }

  private void forEach(java.util.function.Consumer<TraceSink> handOver) {
    for (TraceSink sink : sinks) {
      try {
        handOver.accept(sink);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "trace sink " + sink.getClass().getSimpleName() + " failed", e);
      }
    }
  }
}
