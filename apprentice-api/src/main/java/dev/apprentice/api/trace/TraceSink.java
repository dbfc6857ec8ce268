package dev.apprentice.api.trace;

/**
 * Receives each finished call's trace: the store's writer, the OTLP exporter, the access log. Called on the thread
 * that served the call, so an implementation must neither block nor throw: queue the record and return.
 */
@FunctionalInterface
public interface TraceSink {

  void accept(TraceRecord trace);

  /**
   * The trace of a request refused before it became a call, whose model is then the client's text rather than a
   * configured one (a sink that names things by the model, such as the OTLP exporter's span names, leaves it out).
   * By default, as any trace.
   */
  default void acceptRefused(TraceRecord trace) {
    accept(trace);
  }

  /**
   * Whether this sink reads {@link TraceRecord#generation()}: the gateway fills it in only when a sink does, so that
   * while none does (no OTLP export) a call copies nothing for it. By default, none.
   */
  default boolean readsGeneration() {
    return false;
  }

  TraceSink NONE = trace -> {};
}
