package dev.apprentice.providers.http;

import dev.apprentice.api.ProviderException.Kind;

/**
 * Refines the failure kind {@link Upstream} derives from an HTTP status, using the error body for upstreams whose
 * error bodies carry a type (Anthropic's {@code {"type":"error","error":{"type":"overloaded_error"}}}).
 */
@FunctionalInterface
public interface ErrorClassifier {

  /** Keeps the kind the status gave. */
  ErrorClassifier STATUS_ONLY = (status, body, byStatus) -> byStatus;

  Kind refine(int status, String body, Kind byStatus);
}
