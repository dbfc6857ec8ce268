package dev.apprentice.providers.http;

import dev.apprentice.api.CallContext;
import dev.apprentice.api.JavaNames;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.api.UpstreamError;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * Sends requests to a model API and turns every way they can fail into a classified {@link ProviderException}.
 * One instance per provider; thread-safe.
 */
public final class Upstream {

  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final String providerName;
  private final Transport transport;
  private final ErrorClassifier errorClassifier;
  private final Secrets secrets;

  public Upstream(String providerName, Transport transport) {
    this(providerName, transport, ErrorClassifier.STATUS_ONLY);
  }

  /** An upstream whose error bodies refine the status-based classification. */
  public Upstream(String providerName, Transport transport, ErrorClassifier errorClassifier) {
    this(providerName, transport, errorClassifier, Secrets.NONE);
  }

  /**
   * @param secrets the credentials sent to this upstream, hidden from every failure's message (an upstream may quote
   *                the key it refused)
   */
  public Upstream(String providerName, Transport transport, ErrorClassifier errorClassifier, Secrets secrets) {
    this.providerName = providerName;
    this.transport = transport;
    this.errorClassifier = errorClassifier;
    this.secrets = secrets;
  }

  /**
   * Posts the body, waiting for the answer to start until the context's start deadline (a stream's first-token limit)
   * and reading it until the call's deadline or until the context's {@link CallContext#cutoff} cuts it (whoever bounds
   * the attempt's time, at its limit), and returns the response once its status is 2xx, which it leaves in
   * the context for the attempt's trace ({@link CallContext#upstreamStatus}); any other status is read, summarised and
   * thrown as a classified failure.
   *
   * @param headers name/value pairs
   */
  public Transport.Response post(URI uri, String[] headers, byte[] body, CallContext context) throws ProviderException {
    Duration toStart = context.remainingToStart();
    if (toStart.isNegative() || toStart.isZero()) {
      throw ProviderException.notSent(Kind.TIMEOUT, providerName + ": deadline passed before the call");
    }
    Transport.Response response;
    try {
      response = transport.post(uri, headers, body, toStart, context.remaining());
    } catch (HttpTimeoutException e) {
      throw new ProviderException(Kind.TIMEOUT, 0, providerName + ": no answer within " + toStart.toMillis() + " ms", null, e);
    } catch (ConnectException e) {
      throw new ProviderException(Kind.CONNECTION, 0, providerName + ": cannot connect (" + describe(e) + ")",
          null, e);
    } catch (IOException e) {
      throw new ProviderException(Kind.CONNECTION, 0, providerName + ": connection failed (" + describe(e) + ")",
          null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException(Kind.CANCELLED, 0, providerName + ": call cancelled", null, e);
    }
    DeadlineBody answer = new DeadlineBody(response.body(), context.deadlineNanos());
    // the attempt's limit may end a read of it that stalls: the error body or whole answer read here or by the caller
    context.cutoff().guard(answer::cut);
    if (response.status() / 100 == 2) {
      context.upstreamStatus().answered(response.status());
      return new Transport.Response(response.status(), response.headers(), answer);
    }
    String errorBody = readErrorBody(answer);
    throw classify(response.status(), response.headers(), errorBody);
  }

  /**
   * Maps an HTTP error status and body to a failure kind, message and Retry-After, with what a JSON body says of the
   * request ({@link ProviderException#upstreamError}, its credentials hidden too). Only 400, 413 and 422 blame the
   * request; a 402 is this target's account out of credit, and any other status below 500 that has no kind of its own
   * (a redirect from an {@code http://} base URL, 405, 409, 410 ...) its configuration: no retry, but fall back.
   */
  public ProviderException classify(int status, HttpHeaders headers, String body) {
    Kind kind = switch (status) {
      case 429 -> Kind.RATE_LIMITED;
      case 503, 529 -> Kind.OVERLOADED;
      case 408, 504 -> Kind.TIMEOUT;
      case 401, 403 -> Kind.AUTHENTICATION;
      case 402 -> Kind.OUT_OF_CREDIT;
      case 404 -> Kind.NOT_FOUND;
      case 400, 413, 422 -> Kind.INVALID_REQUEST;
      default -> status >= 500 ? Kind.SERVER_ERROR : Kind.MISCONFIGURED;
    };
    kind = errorClassifier.refine(status, body, kind);
    String message = providerName + " answered HTTP " + status + ": "
        + hide(ErrorBodies.summarise(body) + redirect(status, headers));
    return ProviderException.answered(kind, status, message, RetryAfter.parse(headers), said(body));
  }

  /**
   * What a JSON error body (or error event) says — its message, {@code param} and {@code code} — with this provider's
   * credentials hidden from the message; null when it says nothing readable.
   */
  public UpstreamError said(String body) {
    UpstreamError said = ErrorBodies.details(body);
    return said == null ? null : new UpstreamError(hide(said.message()), said.param(), said.code());
  }

  /** Where a redirect points, which is what a wrong base URL needs to be told. */
  private static String redirect(int status, HttpHeaders headers) {
    if (status / 100 != 3 || headers == null) return "";
    return headers.firstValue("location").map(to -> " (redirected to " + to + ": check the base_url)").orElse("");
  }

  /**
   * The connection was lost while reading the body of an answer whose {@code status} (2xx) had arrived: the upstream
   * accepted the request and was processing it, so the failure keeps that status (an attempt's booking tells it from
   * a connection that failed before any answer, which keeps status 0). A body still arriving when the call's time
   * ran out (a read that waited too long, or one that would start past the deadline) is a timeout: the try got no
   * whole answer in its time, as one whose answer never started.
   */
  public ProviderException readFailure(int status, IOException e) {
    if (e instanceof HttpTimeoutException) {
      return new ProviderException(Kind.TIMEOUT, 0, providerName + ": its HTTP " + status
          + " answer did not arrive whole in time (" + describe(e) + ")", null, e);
    }
    return new ProviderException(Kind.CONNECTION, status, providerName + ": connection lost while reading its HTTP "
        + status + " answer (" + describe(e) + ")", null, e);
  }

  /** An answer that is not what the API promises (bad JSON, missing fields, a stream that ends too early). */
  public ProviderException badResponse(String what, Throwable cause) {
    return new ProviderException(Kind.BAD_RESPONSE, 0, providerName + ": " + hide(what), null, cause);
  }

  public String providerName() {
    return providerName;
  }

  /** Text an upstream wrote (an error's message), with this provider's credentials in it replaced by {@code ****}. */
  public String hide(String upstreamText) {
    return secrets.hide(upstreamText);
  }

  private static String readErrorBody(InputStream in) {
    try (in) {
      return new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * What went wrong, in words a client may read: the exception's message without the Java class names a wrapped
   * cause puts in it ({@code java.net.ConnectException: Connection refused}), or when nothing else is said the kind
   * of failure. Its credentials are hidden first: taking a class name out of a credential that looks like one
   * ({@code team.Key-…}) would leave the rest of it unrecognised, and said.
   */
  private String describe(IOException e) {
    String said = JavaNames.removedFrom(hide(e.getMessage()));
    if (said != null) return said;
    if (e instanceof HttpTimeoutException) return "timed out";
    if (e instanceof ConnectException) return "connection refused";
    if (e instanceof EOFException) return "the connection closed early";
    if (e instanceof SSLException) return "TLS failed";
    return "no detail given";
  }
}
