package dev.apprentice.server.http;

import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.encoding.ContentDecoder;
import io.helidon.http.encoding.ContentEncoder;
import io.helidon.http.encoding.ContentEncodingContext;
import io.helidon.http.encoding.ContentEncodingContextConfig;
import io.helidon.webserver.http.HttpRules;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * Request bodies are taken as sent, unencoded: one with a {@code Content-Encoding} other than {@code identity}
 * ({@code gzip}, {@code br}, ...) is answered 415 {@code unsupported_media_type} by {@link #gate}, with
 * {@code Accept-Encoding: identity} (RFC 9110 §15.5.16), where the web server used to answer "malformed HTTP request"
 * (400) before any handler ran, and refused even {@code identity}. The web server checks a body's encoding against
 * its encoding context before routing: this context lets every encoding through to routing, decodes none (the gate
 * answers before such a body is read; the web server drains it as it came, keeping the connection) and encodes no
 * response, as the server's default did.
 */
public final class RequestEncodings implements ContentEncodingContext {

  public static final RequestEncodings IDENTITY_ONLY = new RequestEncodings();
  private static final String IDENTITY = "identity";

  private RequestEncodings() {}

  /** Register first: a request whose body is encoded is answered 415 before any route sees it (nothing traced). */
  public static void gate(HttpRules rules) {
    gate(rules, null);
  }

  /**
   * Register first: a request whose body is encoded is answered 415 before any route sees it; counted and traced
   * when it is a model call ({@link CallRefusals}; null: never).
   */
  public static void gate(HttpRules rules, CallRefusals refusals) {
    rules.any((req, res) -> {
      String encoding = req.content().hasEntity() ? encoded(req.headers()) : null;
      if (encoding == null) {
        res.next();
        return;
      }
      res.header(HeaderNames.ACCEPT_ENCODING, IDENTITY);
      GatewayException refusal = new GatewayException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Encoding '"
          + encoding + "' is not supported: send the request body uncompressed (Content-Encoding identity, or none)");
      if (refusals == null) ErrorResponses.send(res, refusal);
      else refusals.send(req, res, refusal, true);
    });
  }

  /** The first content coding other than {@code identity} the headers name, or null when there is none. */
  static String encoded(Headers headers) {
    for (String value : headers.all(HeaderNames.CONTENT_ENCODING, List::of)) {
      for (String coding : value.split(",")) {
        String name = coding.strip();
        if (!name.isEmpty() && !name.toLowerCase(Locale.ROOT).equals(IDENTITY)) return name;
      }
    }
    return null;
  }

  @Override
  public boolean contentEncodingEnabled() {
    return false;
  }

  @Override
  public boolean contentDecodingEnabled() {
    return true;
  }

  @Override
  public boolean contentEncodingSupported(String encodingId) {
    return false;
  }

  @Override
  public boolean contentDecodingSupported(String encodingId) {
    return true; // to reach the gate, which answers for the ones that are not identity
  }

  @Override
  public ContentEncoder encoder(String encodingId) {
    throw new NoSuchElementException("responses are not encoded");
  }

  /** None: the bytes as they came, which only the web server reads, to drain a body the gate refused. */
  @Override
  public ContentDecoder decoder(String encodingId) {
    return ContentDecoder.NO_OP;
  }

  @Override
  public ContentEncoder encoder(Headers headers) {
    return ContentEncoder.NO_OP;
  }

  @Override
  public ContentEncodingContextConfig prototype() {
    return ContentEncodingContextConfig.builder().buildPrototype();
  }
}
