package dev.apprentice.api.trace;

/**
 * Receives each finished call's trace: the store's writer, the OTLP exporter, the access log. Called on the thread
 * that served the call, so an implementation must neither block nor throw: queue the record and return.
 */
@FunctionalInterface
public interface TraceSink {

  void accept(TraceRecord trace);

  TraceSink NONE = trace -> {};
}
